package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness ({@code bench/run --quick}) at tiny sizes: it runs to the end and prints every section's table
 * with figures in it. Only that it works: it asserts no timings (CI machines vary too much for them to mean anything).
 * It uses the classes and classpath files the build left in inference-service and training-service.
 */
class BenchHarnessEndToEndTests {
    private static final Path REPOSITORY =
            Path.of(System.getProperty("kiln.repository", "..")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void quickRunPrintsEverySectionsTableWithFigures() throws Exception {
        Path report = dir.resolve("report.md");
        Path log = dir.resolve("log.txt");
        ProcessBuilder builder = new ProcessBuilder(
                        REPOSITORY.resolve("bench/run").toString(), "--quick", "--skip-build")
                .directory(REPOSITORY.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KILN_BENCH_LOCK", ""); // the build running this test may hold the shared lock
        builder.environment().put("KILN_BENCH_OUT", report.toString());
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bench/run --quick did not finish in 4 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        String markdown = Files.readString(report, StandardCharsets.UTF_8);

        assertThat(markdown)
                .contains("## Training", "## Serving", "## Platform", "## Physical limit")
                // training: both models at both batch sizes, Kiln and PyTorch figures and their ratio
                .containsPattern("\\| mlp \\| 64 \\| [\\d,]+ \\| [\\d,]+ \\| [\\d.]+×")
                .containsPattern("\\| mlp \\| 256 \\| [\\d,]+ \\| [\\d,]+ \\| [\\d.]+×")
                .containsPattern("\\| cnn \\| 64 \\| [\\d,]+ \\| [\\d,]+ \\| [\\d.]+×")
                .containsPattern("\\| cnn \\| 256 \\| [\\d,]+ \\| [\\d,]+ \\| [\\d.]+×")
                // serving: closed loop over both transports, the in-process limit and the Python peer; ratios; open
                .containsPattern("\\| Kiln REST /v2 infer \\| 8 \\| \\d+ \\| [\\d.]+ \\| [\\d.]+ \\| [\\d.]+ \\| 0 \\|")
                .containsPattern("\\| Kiln gRPC ModelInfer \\(raw\\) \\| 8 \\| \\d+ \\| [\\d.]+ \\|")
                .containsPattern("\\| in-process ORT \\| 8 \\| \\d+ \\|")
                .containsPattern("\\| Python peer \\(PyTorch eager\\) \\| 8 \\| \\d+ \\|")
                .containsPattern("\\| 8 \\| [\\d.]+× \\| [\\d.]+× \\| [\\d.]+× \\| [\\d.]+× \\|")
                .containsPattern("\\| Kiln REST /v2 infer \\| 500 \\| \\d+ \\| [\\d.]+ \\|")
                .contains("probabilities agree within")
                .containsPattern(
                        "\\| runs the MLP \\(ONNX Runtime\\) \\| direct \\(event loop\\) \\| [\\d.]+ \\| [\\d.]+ \\|")
                // platform and the physical limit
                .containsPattern("\\| cold model load [^|]*\\| \\d+ ")
                .containsPattern("\\| alias change → served by every replica [^|]*\\| \\d+ ")
                .containsPattern("one thread, libtorch-DJL: \\*\\*[\\d.]+ GFLOP/s")
                .containsPattern("\\| training mlp, batch 64, Kiln \\| [\\d.]+ MFLOP [^|]*\\| [\\d,]+ samples/s \\|");
    }
}
