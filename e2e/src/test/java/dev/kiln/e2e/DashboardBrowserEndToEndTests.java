package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser, on a stack started with {@code ./kiln up}: {@code web-ui/browser-tests/dashboard.mjs}
 * (playwright-core driving Debian's Chromium) signs in with the printed link, trains Fashion-MNIST from the new-job
 * form, watches the curves until the job succeeds, promotes the version to {@code production} and predicts a test image
 * in the playground, failing on any page error. Screenshots go to {@code e2e/target/screenshots}.
 */
class DashboardBrowserEndToEndTests {
    private static final Path REPOSITORY = Path.of(System.getProperty("kiln.repository", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("KILN_CHROMIUM", "/usr/bin/chromium"));
    private static final Pattern DASHBOARD_LINK = Pattern.compile("Dashboard: (http://\\S+\\?key=\\S+)");
    private static final List<String> SCREENSHOTS = List.of(
            "01-signed-in.png",
            "02-new-job.png",
            "03-job-training.png",
            "04-job-succeeded.png",
            "05-version.png",
            "06-model-promoted.png",
            "07-playground.png");

    @TempDir
    Path home;

    private KilnScript kiln;

    @AfterEach
    void stop() throws Exception {
        if (kiln != null) {
            kiln.run("down");
        }
    }

    @Test
    void trainsPromotesAndPredictsThroughTheDashboardInChromium() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("no Chromium at " + CHROMIUM + ": apt-get install chromium (or set KILN_CHROMIUM)")
                .isTrue();
        Path script = REPOSITORY.resolve("web-ui/browser-tests/dashboard.mjs");
        assertThat(REPOSITORY.resolve("web-ui/node_modules/playwright-core"))
                .as("playwright-core is not installed: run npm ci in web-ui (the web-ui build does)")
                .isDirectory();

        kiln = new KilnScript(REPOSITORY, home);
        KilnScript.Result up = kiln.run("up", "--detach");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        Matcher link = DASHBOARD_LINK.matcher(up.stdout() + up.stderr());
        assertThat(link.find()).as("no dashboard link in:\n" + up.stdout()).isTrue();

        Path screenshots = REPOSITORY.resolve("e2e/target/screenshots");
        deleteRecursively(screenshots);
        Files.createDirectories(screenshots);
        Path output = Files.createTempFile("kiln-browser", ".txt");
        ProcessBuilder node = new ProcessBuilder("node", script.toString())
                .directory(REPOSITORY.resolve("web-ui").toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().put("KILN_DASHBOARD_URL", link.group(1));
        node.environment().put("KILN_SCREENSHOTS", screenshots.toString());
        node.environment().put("KILN_CHROMIUM", CHROMIUM.toString());
        Process process = node.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println("--- web-ui/browser-tests/dashboard.mjs ---\n" + log);

        assertThat(finished)
                .as("the browser test did not finish in 8 minutes:\n" + log)
                .isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("PASS");
        for (String name : SCREENSHOTS) {
            Path file = screenshots.resolve(name);
            assertThat(file).as("screenshot " + name).isRegularFile();
            assertThat(Files.size(file)).as("size of " + name).isGreaterThan(1_000);
        }
    }

    private static void deleteRecursively(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
