package dev.kiln.contracts.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LauncherWatchTests {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    @Test
    void actsOnceTheWatchedProcessEndsAndNotBefore() throws Exception {
        Process launcher = new ProcessBuilder("sleep", "60").start();
        try {
            CountDownLatch gone = new CountDownLatch(1);
            LauncherWatch.watch(launcher.pid(), INTERVAL, gone::countDown);
            assertThat(gone.await(500, TimeUnit.MILLISECONDS))
                    .as("acted while the process still ran")
                    .isFalse();

            launcher.destroyForcibly().waitFor();
            assertThat(gone.await(5, TimeUnit.SECONDS))
                    .as("acted after the process ended")
                    .isTrue();
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void aProcessThatHasAlreadyEndedCountsAsGone() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        CountDownLatch gone = new CountDownLatch(1);
        LauncherWatch.watch(ended.pid(), INTERVAL, gone::countDown);
        assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLauncherPidThatIsNotANumberIsRefusedWithWhatItShouldBe() {
        assertThat(LauncherWatch.launcherPid(" 1234 ")).isEqualTo(1234);
        assertThatThrownBy(() -> LauncherWatch.launcherPid("kiln"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KILN_LAUNCHER_PID must be the launcher's process id (digits), got 'kiln'");
    }
}
