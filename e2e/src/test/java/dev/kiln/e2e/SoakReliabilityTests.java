package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.e2e.faults.FaultStack;
import dev.kiln.e2e.faults.InferCall;
import dev.kiln.e2e.faults.JobEventWatch;
import dev.kiln.e2e.faults.KilnClient;
import dev.kiln.e2e.faults.LoadDriver;
import dev.kiln.e2e.faults.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, part 4: inference through the gateway at 80% of the throughput measured with a training job running, for
 * {@code kiln.soak.minutes} (10 by default) while that job keeps training. Per 30 s window: requests, errors, p50/p99
 * latency (from the moment each request was due: an open loop), and each service's resident memory and heap. Holds:
 * error rate under 0.1%, and no memory growth in the serving path (gateway, inference, registry): the last window's RSS
 * at most 1.25× the RSS after the first minute (see docs/reliability.md for the bound). The table goes to
 * {@code target/soak-windows.md}.
 */
class SoakReliabilityTests {
    private static final String MODEL = "soak";
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final double RSS_GROWTH_BOUND = 1.25;
    private static final List<String> SERVING_PATH = List.of("gateway", "inference-service", "model-registry");

    @TempDir
    Path home;

    private FaultStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void inferenceAt80PercentOfItsMaximumForTenMinutesWhileAJobTrainsKeepsErrorsUnderATenthOfAPercentAndMemoryFlat()
            throws Exception {
        double minutes = Double.parseDouble(System.getProperty("kiln.soak.minutes", "10"));
        stack = FaultStack.start(home, 1);
        KilnClient kiln = stack.client();
        kiln.await("/api/v1/datasets/fashion-mnist", d -> true, Duration.ofSeconds(60));
        kiln.promote(MODEL, kiln.trainVersion(MODEL));

        String trainingJob = kiln.submitFashionMnistJob("soak-training", 1000, "soak-training");
        try (JobEventWatch events = new JobEventWatch(stack.kafkaBootstrap(), trainingJob)) {
            events.await(BatchProgress.class, p -> true, 0, Duration.ofMinutes(2));
        }

        InferCall call = new InferCall(stack.url("gateway"), MODEL, stack.apiKey());
        LoadDriver.closedLoop(32, Duration.ofSeconds(3), call); // warm-up
        double max = LoadDriver.closedLoop(32, Duration.ofSeconds(10), call);
        double rate = 0.8 * max;
        System.out.printf(
                Locale.ROOT,
                "soak: maximum %.0f requests/s (32 closed-loop clients, 10 s, through the gateway, a job training);"
                        + " now %.0f requests/s for %.1f min%n",
                max,
                rate,
                minutes);

        List<String> services = stack.services();
        List<Map<String, double[]>> memory = new ArrayList<>(); // per window: service -> {rss, heap}
        LoadDriver.Run run =
                LoadDriver.openLoop(rate, Duration.ofMillis((long) (minutes * 60_000)), WINDOW, 256, call, w -> {
                    Map<String, double[]> sample = new LinkedHashMap<>();
                    for (String service : services) {
                        sample.put(service, new double[] {
                            ProcessMemory.rssMiB(stack.pid(service)), ProcessMemory.heapMiB(stack.url(service))
                        });
                    }
                    memory.add(sample);
                });
        kiln.post("/api/v1/jobs/" + trainingJob + "/cancel", null);

        String table = table(max, rate, run, memory, services);
        System.out.println(table);
        Path out = Path.of("target", "soak-windows.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);

        double errorRate = (double) run.errors() / run.requests();
        assertThat(errorRate)
                .as("error rate (%d of %d requests; first errors %s)", run.errors(), run.requests(), run.firstErrors())
                .isLessThan(0.001);
        int baseline = Math.min(1, memory.size() - 1); // the first window warms up (JIT, caches, pools)
        for (String service : SERVING_PATH) {
            double first = memory.get(baseline).get(service)[0];
            double last = memory.get(memory.size() - 1).get(service)[0];
            assertThat(last)
                    .as("%s resident memory: %.0f MiB after warm-up, %.0f MiB at the end", service, first, last)
                    .isLessThanOrEqualTo(first * RSS_GROWTH_BOUND);
        }
    }

    private static String table(
            double max, double rate, LoadDriver.Run run, List<Map<String, double[]>> memory, List<String> services) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(
                Locale.ROOT,
                "Soak: max %.0f req/s (closed loop, 32 clients, 10 s, via the gateway, training running); open loop at"
                        + " %.0f req/s; %d requests, %d errors (%.4f%%)%n%n",
                max,
                rate,
                run.requests(),
                run.errors(),
                100.0 * run.errors() / Math.max(1, run.requests())));
        t.append("| window | requests | errors | p50 ms | p99 ms | max ms |");
        services.forEach(s -> t.append(' ').append(s).append(" RSS/heap MiB |"));
        t.append('\n').append("| --- | --- | --- | --- | --- | --- |");
        services.forEach(s -> t.append(" --- |"));
        t.append('\n');
        for (LoadDriver.Window w : run.windows()) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %d:%02d | %d | %d | %.1f | %.1f | %.1f |",
                    w.index() * WINDOW.toSeconds() / 60,
                    w.index() * WINDOW.toSeconds() % 60,
                    w.requests(),
                    w.errors(),
                    w.p50Millis(),
                    w.p99Millis(),
                    w.maxMillis()));
            Map<String, double[]> sample = w.index() < memory.size() ? memory.get(w.index()) : Map.of();
            for (String service : services) {
                double[] m = sample.getOrDefault(service, new double[] {-1, -1});
                t.append(String.format(Locale.ROOT, " %.0f / %.0f |", m[0], m[1]));
            }
            t.append('\n');
        }
        return t.toString();
    }
}
