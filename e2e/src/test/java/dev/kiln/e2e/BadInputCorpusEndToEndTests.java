package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/corpus.yaml}) against a stack started with {@code ./kiln
 * up}: every REST case through the gateway and, where the gateway proxies, straight to the service behind it; every
 * gRPC case against the gateway's {@code kiln.v1.JobService} or the inference service's KServe V2 service. Each must be
 * refused with a 4xx (gRPC: a client-error code, never INTERNAL or UNKNOWN) carrying a clear message; afterwards every
 * service is still UP, no job, model, version or data set was created, no object was written, and the pickle's
 * {@code os.system} never ran.
 */
class BadInputCorpusEndToEndTests {
    private static final Set<String> CLIENT_ERROR_CODES = Set.of(
            "INVALID_ARGUMENT",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "FAILED_PRECONDITION",
            "OUT_OF_RANGE",
            "RESOURCE_EXHAUSTED",
            "UNAUTHENTICATED",
            "PERMISSION_DENIED",
            "UNIMPLEMENTED");

    @TempDir
    static Path home;

    private static BadInputStack stack;

    /** One request of a case and what it got. */
    record Outcome(BadInputCase testCase, String target, String status, String body, String failure) {
        boolean clientError() {
            return status.startsWith("4") || CLIENT_ERROR_CODES.contains(status);
        }

        boolean serverError() {
            return status.startsWith("5")
                    || Set.of("INTERNAL", "UNKNOWN", "UNAVAILABLE", "DEADLINE_EXCEEDED", "DATA_LOSS")
                            .contains(status);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Files.deleteIfExists(Path.of(BadInputBodies.OS_SYSTEM_MARKER));
        stack = new BadInputStack(home);
        stack.trainProbeModel();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close("bad-input");
        }
    }

    @Test
    void everyCaseIsRefusedWithAClearClientErrorAndNothingIsWrittenOrBroken() throws Exception {
        List<BadInputCase> cases = BadInputCase.load();
        assertThat(cases.stream().map(BadInputCase::id).distinct().count())
                .as("case ids are unique")
                .isEqualTo(cases.size());
        HttpResponse<String> served = stack.send(
                stack.kiln.port("GATEWAY"),
                "POST",
                "/api/v1/predict/" + BadInputStack.MODEL,
                "application/json",
                ("{\"instances\": [[" + "0.5,".repeat(783) + "0.5]]}").getBytes());
        assertThat(served.statusCode())
                .as("a good prediction first: " + served.body())
                .isEqualTo(200);

        Map<String, Integer> countsBefore = stack.counts();
        long objectsBefore = files(home.resolve("s3"));
        List<Outcome> outcomes = new ArrayList<>();
        for (BadInputCase c : cases) {
            outcomes.addAll(c.grpc() ? List.of(grpc(c)) : rest(c));
        }
        printSummary(outcomes);

        List<String> failures = outcomes.stream()
                .filter(o -> o.failure() != null)
                .map(o -> o.testCase().id() + " → " + o.target() + ": " + o.failure() + " (got " + o.status() + ": "
                        + abbreviate(o.body()) + ")")
                .toList();
        assertThat(failures)
                .as("cases answered otherwise than the corpus expects")
                .isEmpty();
        assertThat(outcomes).noneMatch(Outcome::serverError);

        assertThat(stack.health())
                .as("every service still healthy")
                .allSatisfy((service, status) -> assertThat(status).as(service).isEqualTo("UP"));
        assertThat(stack.counts()).as("nothing created by a refused request").isEqualTo(countsBefore);
        assertThat(files(home.resolve("s3"))).as("no object written").isEqualTo(objectsBefore);
        assertThat(Path.of(BadInputBodies.OS_SYSTEM_MARKER))
                .as("the pickle's os.system never ran")
                .doesNotExist();
    }

    private List<Outcome> rest(BadInputCase c) throws Exception {
        BadInputRequests.RestBody body = BadInputRequests.rest(c);
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(restCall(c, "gateway", stack.kiln.port("GATEWAY"), body, c.expect()));
        String upstream = upstream(c);
        if (upstream != null && !Boolean.FALSE.equals(c.direct())) {
            String expect = c.directExpect() == null ? c.expect() : c.directExpect();
            outcomes.add(restCall(c, upstream.toLowerCase(Locale.ROOT), stack.kiln.port(upstream), body, expect));
        }
        return outcomes;
    }

    /** The service the gateway hands the path to, as its port's part name, or null for the gateway's own routes. */
    private static String upstream(BadInputCase c) {
        String path = c.path();
        if (path.startsWith("/v2/") || path.startsWith("/api/v1/predict/")) {
            return "INFERENCE";
        }
        if (path.startsWith("/api/v1/datasets") || path.startsWith("/api/v1/models")) {
            return "REGISTRY";
        }
        if (path.startsWith("/api/v1/jobs") && c.method().equals("GET")) {
            return "REGISTRY";
        }
        return null;
    }

    private Outcome restCall(BadInputCase c, String target, int port, BadInputRequests.RestBody body, String expect) {
        try {
            HttpResponse<String> response = stack.send(
                    port,
                    c.method(),
                    c.path(BadInputStack.MODEL),
                    body.contentType(),
                    c.method().equals("GET") || c.method().equals("DELETE") ? null : body.bytes());
            String status = String.valueOf(response.statusCode());
            return new Outcome(c, target, status, response.body(), check(status, response.body(), expect, c, target));
        } catch (Exception e) {
            return new Outcome(c, target, "no answer", e.toString(), "no answer (a hang or a dropped connection)");
        }
    }

    private Outcome grpc(BadInputCase c) {
        boolean jobs = c.rpc().startsWith("kiln.v1.");
        String target = jobs ? "gateway gRPC" : "inference gRPC";
        int port = stack.kiln.port(jobs ? "GATEWAY_GRPC" : "INFERENCE_GRPC");
        BadInputGrpc client = new BadInputGrpc();
        try {
            BadInputGrpc.Outcome outcome =
                    client.call(port, c.rpc(), BadInputRequests.grpc(c, BadInputStack.MODEL), stack.key);
            return new Outcome(
                    c,
                    target,
                    outcome.code(),
                    outcome.message(),
                    check(outcome.code(), outcome.message(), c.expect(), c, target));
        } catch (Exception e) {
            return new Outcome(c, target, "no answer", e.toString(), "no answer (a hang or a dropped connection)");
        } finally {
            client.close();
        }
    }

    /** Why the answer is wrong, or null when it is what the case expects. */
    private static String check(String status, String body, String expect, BadInputCase c, String target) {
        boolean statusOk = expect.equals("4xx")
                ? (status.length() == 3 && status.startsWith("4")) || CLIENT_ERROR_CODES.contains(status)
                : status.equals(expect);
        if (!statusOk) {
            return "expected " + expect;
        }
        boolean direct = !target.equals("gateway") && !target.endsWith("gRPC");
        if (direct && c.directExpect() != null) {
            return body == null || body.isBlank() ? "an empty error body" : null;
        }
        if (c.contains() != null && (body == null || !body.contains(c.contains()))) {
            return "the error does not say \"" + c.contains() + "\"";
        }
        return null;
    }

    private static void printSummary(List<Outcome> outcomes) {
        Map<String, int[]> byClass = new LinkedHashMap<>();
        Map<String, Set<String>> casesByClass = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            int[] row = byClass.computeIfAbsent(o.testCase().kind(), k -> new int[4]);
            casesByClass
                    .computeIfAbsent(o.testCase().kind(), k -> new java.util.TreeSet<>())
                    .add(o.testCase().id());
            row[0]++;
            row[1] += o.clientError() ? 1 : 0;
            row[2] += o.serverError() ? 1 : 0;
            row[3] += o.failure() != null ? 1 : 0;
        }
        StringBuilder table = new StringBuilder("\n| class | cases | requests | 4xx | 5xx | not as expected |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        int[] total = new int[5];
        byClass.forEach((kind, row) -> {
            int cases = casesByClass.get(kind).size();
            table.append(String.format(
                    Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", kind, cases, row[0], row[1], row[2], row[3]));
            total[0] += cases;
            for (int i = 0; i < 4; i++) {
                total[i + 1] += row[i];
            }
        });
        table.append(String.format(
                Locale.ROOT,
                "| **all** | %d | %d | %d | %d | %d |%n",
                total[0],
                total[1],
                total[2],
                total[3],
                total[4]));
        System.out.println(table);
        for (Outcome o : outcomes) {
            System.out.printf(
                    Locale.ROOT,
                    "%-44s %-17s %-20s %s%n",
                    o.testCase().id(),
                    o.target(),
                    o.status(),
                    (o.failure() == null ? "" : "!! " + o.failure() + " — ") + abbreviate(o.body()));
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 240 ? flat.substring(0, 240) + "…" : flat;
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }
}
