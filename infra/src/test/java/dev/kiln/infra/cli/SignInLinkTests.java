package dev.kiln.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignInLinkTests {
    private static final String KEY = "kiln_0a1b2c3d4e5f_s3cr3tS3cr3tS3cr3t-_x";

    @Test
    void theLaunchersLogGetsAPlaceholderAndTheUserTheKey(@TempDir Path home) throws Exception {
        String ready = "Kiln is up in 12.3 s. Dashboard: http://127.0.0.1:8080/?key=" + KEY + "\n  memory: 900 MiB";

        String logged = SignInLink.hideKey(ready);
        assertThat(logged)
                .doesNotContain(KEY)
                .doesNotContain("s3cr3t")
                .contains("Dashboard: http://127.0.0.1:8080/?key=" + SignInLink.PLACEHOLDER + "\n  memory: 900 MiB");

        Files.writeString(home.resolve("api-key"), KEY + "\n");
        assertThat(SignInLink.revealKey(logged, home)).isEqualTo(ready);
    }

    @Test
    void withoutAKeyFileThePlaceholderStays(@TempDir Path home) throws Exception {
        String logged = SignInLink.hideKey("Dashboard: http://127.0.0.1:8080/?key=" + KEY);
        assertThat(SignInLink.revealKey(logged, home)).isEqualTo(logged);
        assertThat(SignInLink.hideKey("Dashboard: http://127.0.0.1:8080/"))
                .isEqualTo("Dashboard: http://127.0.0.1:8080/");
    }
}
