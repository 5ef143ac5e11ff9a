package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security properties of a stack started with {@code ./kiln up}, after it has trained a model, served a prediction and
 * signed a browser in: no secret in any log or process command line, the API key stored only as a hash on its topic,
 * and every port the stack listens on bound to the loopback address.
 */
class SecurityEndToEndTests {
    @TempDir
    static Path home;

    private static BadInputStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = new BadInputStack(home);
        stack.trainProbeModel();
        HttpResponse<String> predicted = stack.send(
                stack.kiln.port("GATEWAY"),
                "POST",
                "/api/v1/predict/" + BadInputStack.MODEL,
                "application/json",
                ("{\"instances\": [[" + "0.5,".repeat(783) + "0.5]]}").getBytes(StandardCharsets.UTF_8));
        assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
        // the dashboard's sign-in link carries the key in its address once: it must not end up in an access log
        HttpResponse<String> signIn =
                stack.send(stack.kiln.port("GATEWAY"), "GET", "/?key=" + stack.key, null, null, null);
        assertThat(signIn.statusCode()).isBetween(200, 399);
        HttpResponse<String> refused =
                stack.send(stack.kiln.port("GATEWAY"), "GET", "/api/v1/jobs", null, null, stack.key + "-wrong");
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close("security");
        }
    }

    @Test
    void noSecretAppearsInAnyLogOrProcessCommandLine() throws Exception {
        Map<String, String> secrets = secrets();
        assertThat(secrets).containsKeys("admin API key", "S3 secret key");

        List<Path> logs;
        try (Stream<Path> walk = Files.walk(home.resolve("logs"))) {
            logs = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(logs).as("one log per service").hasSizeGreaterThanOrEqualTo(4);
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path log : logs) {
            sources.put(home.relativize(log).toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
        }
        // the launcher prints the dashboard's sign-in link (with the key) on purpose, to the user who started it
        assertThat(stack.up.stdout())
                .as("./kiln up --detach shows the sign-in link")
                .contains("?key=" + java.net.URLEncoder.encode(stack.key, StandardCharsets.UTF_8));
        sources.put(
                "./kiln up output (but the sign-in link)",
                (stack.up.stdout() + stack.up.stderr()).replace("?key=" + stack.key, "?key=<link>"));
        for (long pid : stackProcesses()) {
            sources.put(
                    "command line of process " + pid,
                    Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' '));
        }
        List<String> leaks = new ArrayList<>();
        secrets.forEach((name, secret) -> sources.forEach((source, text) -> {
            if (text.contains(secret)) {
                leaks.add(name + " in " + source);
            }
        }));
        System.out.println("searched " + sources.keySet() + " for " + secrets.keySet());
        assertThat(leaks).isEmpty();
    }

    @Test
    void theApiKeysTopicHoldsOnlyTheHashOfTheAdminKey() throws Exception {
        String secret = stack.key.substring(stack.key.indexOf('_', "kiln_".length()) + 1);
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        List<String> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + stack.kiln.port("KAFKA"),
                ConsumerConfig.GROUP_ID_CONFIG,
                "security-e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of("api-keys"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500))
                        .forEach(r -> records.add((r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                                + " " + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8))));
            }
        }
        assertThat(records).as("the api-keys topic").isNotEmpty();
        assertThat(records).anySatisfy(record -> assertThat(record).contains(sha256));
        assertThat(records).noneSatisfy(record -> assertThat(record).contains(secret));
    }

    @Test
    void everyPortTheStackListensOnIsBoundToLoopback() throws Exception {
        Set<Long> pids = stackProcesses();
        assertThat(pids).as("the stack's processes").isNotEmpty();
        Map<Long, String> listening = listeningSockets();
        Map<Integer, String> bound = new TreeMap<>();
        for (long pid : pids) {
            for (long inode : socketInodes(pid)) {
                String local = listening.get(inode);
                if (local != null) {
                    bound.merge(port(local), address(local), (a, b) -> a + ", " + b);
                }
            }
        }
        System.out.println("listening sockets of the stack: " + bound);
        for (String part : List.of(
                "GATEWAY",
                "GATEWAY_GRPC",
                "REGISTRY",
                "INFERENCE",
                "INFERENCE_GRPC",
                "TRAINING",
                "KAFKA",
                "S3",
                "POSTGRES")) {
            assertThat(bound).as(part + " listens").containsKey(stack.kiln.port(part));
        }
        assertThat(bound).allSatisfy((port, addresses) -> assertThat(addresses.split(", "))
                .as("port %d", port)
                .allMatch(address -> address.equals("127.0.0.1") || address.equals("::1")));
    }

    /** The admin key, and every secret the launcher handed to a service (S3 keys, the PostgreSQL password). */
    private static Map<String, String> secrets() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin API key", stack.key);
        secrets.put("admin API key's secret part", stack.key.substring(stack.key.lastIndexOf('_') + 1));
        java.util.Properties local = new java.util.Properties();
        try (var in = Files.newBufferedReader(home.resolve("secrets.properties"))) {
            local.load(in);
        }
        secrets.put("S3 secret key", local.getProperty("s3.secret-key"));
        for (long pid : stackProcesses()) {
            for (String variable :
                    Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
                int equals = variable.indexOf('=');
                String name = variable.substring(0, Math.max(0, equals));
                String value = variable.substring(equals + 1);
                if ((name.endsWith("_PASSWORD") || name.endsWith("_SECRET_KEY")) && value.length() >= 8) {
                    secrets.put(name, value);
                }
            }
        }
        return secrets;
    }

    /** The processes of this stack: those whose environment names this KILN_HOME, or that were given it. */
    private static Set<Long> stackProcesses() throws IOException {
        Set<Long> pids = new java.util.TreeSet<>();
        String marker = home.toString();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path dir :
                    proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String environ = Files.readString(dir.resolve("environ"), StandardCharsets.ISO_8859_1);
                    String cmdline = Files.readString(dir.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    if (environ.contains("KILN_HOME=" + marker + "\0") || cmdline.contains(marker)) {
                        pids.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException | SecurityException e) {
                    // a process that ended meanwhile, or one we may not read: not ours
                }
            }
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    /** Listening TCP sockets by inode, as "address:port" (from /proc/net/tcp and tcp6). */
    private static Map<Long, String> listeningSockets() throws IOException {
        Map<Long, String> sockets = new TreeMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) {
                    String[] local = f[1].split(":");
                    sockets.put(Long.parseLong(f[9]), decode(local[0]) + ":" + Integer.parseInt(local[1], 16));
                }
            }
        }
        return sockets;
    }

    /** /proc/net's hex address (little-endian words) as text: 0100007F is 127.0.0.1. */
    static String decode(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] =
                        (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (4 - i) * 2), 16);
            }
        }
        java.net.InetAddress address = java.net.InetAddress.getByAddress(bytes);
        String text = address.getHostAddress();
        return text.equals("0:0:0:0:0:0:0:1") ? "::1" : text.equals("0:0:0:0:0:0:0:0") ? "::" : text;
    }

    private static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return inodes;
    }

    private static int port(String local) {
        return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
    }

    private static String address(String local) {
        return local.substring(0, local.lastIndexOf(':'));
    }
}
