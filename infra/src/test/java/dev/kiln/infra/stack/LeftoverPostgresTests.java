package dev.kiln.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.infra.embedded.EmbeddedPostgresServer;
import dev.kiln.infra.testing.FreePorts;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real (embedded) PostgreSQL left running on a data folder is found by its postmaster.pid and stopped. */
class LeftoverPostgresTests {
    @TempDir
    Path home;

    @Test
    void aPostgresLeftRunningOnTheDataFolderIsStoppedAndItsPortFreed() throws Exception {
        Path data = home.resolve("postgres");
        int port = FreePorts.distinct(1).get(0);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, port, "kiln")) {
            Optional<ProcessHandle> leftover = LeftoverPostgres.find(data);
            assertThat(leftover).as("the postmaster of %s", data).isPresent();

            List<String> said = new ArrayList<>();
            LeftoverPostgres.stopIfRunning(data, Duration.ofSeconds(30), said::add);

            assertThat(leftover.get().isAlive()).isFalse();
            assertThat(said)
                    .singleElement()
                    .asString()
                    .contains("stopping the PostgreSQL (pid " + leftover.get().pid());
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
            assertThat(LeftoverPostgres.find(data)).isEmpty();
        }
    }

    @Test
    void aPidFileOfAnotherFolderOrOfAProcessThatIsNotPostgresIsLeftAlone() throws Exception {
        Path data = Files.createDirectories(home.resolve("postgres"));
        long self = ProcessHandle.current().pid();
        Files.writeString(data.resolve("postmaster.pid"), self + "\n" + data + "\n");
        assertThat(LeftoverPostgres.find(data))
                .as("this JVM is not a postmaster")
                .isEmpty();

        Files.writeString(data.resolve("postmaster.pid"), self + "\n/somewhere/else\n");
        assertThat(LeftoverPostgres.find(data)).isEmpty();

        Files.writeString(data.resolve("postmaster.pid"), "not a pid\n" + data + "\n");
        assertThat(LeftoverPostgres.find(data)).isEmpty();

        List<String> said = new ArrayList<>();
        LeftoverPostgres.stopIfRunning(data, Duration.ofSeconds(1), said::add);
        assertThat(said).isEmpty();
    }
}
