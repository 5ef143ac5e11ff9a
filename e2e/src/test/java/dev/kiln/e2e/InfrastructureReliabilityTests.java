package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.e2e.faults.FaultStack;
import dev.kiln.e2e.faults.JobEventWatch;
import dev.kiln.e2e.faults.KilnClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11, faults 2 to 4, on one stack whose Kafka, PostgreSQL and S3 this test owns: the broker restarted during
 * training, PostgreSQL stopped for 30 s while jobs are submitted, the S3 server stopped while a finished job uploads
 * its artifacts. Each ends with the stack whole again and nothing lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureReliabilityTests {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private FaultStack stack;
    private KilnClient kiln;

    @BeforeAll
    void start() throws Exception {
        stack = FaultStack.start(Files.createTempDirectory("kiln-infra-faults"), 1);
        kiln = stack.client();
        kiln.await("/api/v1/datasets/fashion-mnist", d -> true, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void kafkaRestartedDuringTrainingTheJobResumesAndTheRegistryProjectionEndsComplete() throws Exception {
        int epochs = 4;
        String jobId = kiln.submitFashionMnistJob("kafka-restart", epochs, "kafka-restart");
        try (JobEventWatch events = new JobEventWatch(stack.kafkaBootstrap(), jobId)) {
            int seen = events.await(CheckpointSaved.class, c -> c.epoch() == 1, 0, JOB_TIMEOUT);
            events.await(
                    BatchProgress.class,
                    p -> p.epoch() == 2 && p.batch() >= p.batchesPerEpoch() / 4,
                    seen,
                    Duration.ofMinutes(1));
            stack.stopKafka();
            System.out.println("Kafka stopped mid-epoch 2");
            Thread.sleep(10_000);
            stack.startKafka();
            int atRestart = events.events().size();
            System.out.println("Kafka started again on the same port and data");
            events.await(EpochCompleted.class, e -> e.epoch() >= 2, atRestart, Duration.ofMinutes(2));
            System.out.println("progress after the restart: "
                    + events.events().subList(atRestart, events.events().size()).size() + " events");
        }
        JsonNode job = kiln.awaitJobEnded(jobId, JOB_TIMEOUT);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(epochsOf(job))
                .as("every epoch's metrics in the registry's projection")
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, epochs).boxed().toList());
        assertThat(kiln.awaitReadyVersion(jobId, Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    @Order(2)
    void postgresStoppedFor30sJobsAreStillAcceptedTheRegistryIsNotReadyThenCatchesUpWithNothingLost() throws Exception {
        String readiness = stack.url("model-registry") + "/actuator/health/readiness";
        assertThat(stack.get(readiness)).isEqualTo(200);
        long stopped = System.nanoTime();
        stack.stopPostgres();
        System.out.println("PostgreSQL stopped");

        List<String> submitted = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            submitted.add(kiln.submitFashionMnistJob("during-outage-" + i, 1, "pg-outage"));
        }
        System.out.println("accepted while PostgreSQL was down: " + submitted);
        long probeStart = System.nanoTime();
        int status = stack.get(readiness, Duration.ofSeconds(40));
        System.out.printf(
                "registry readiness while PostgreSQL is down: %d after %.1f s%n",
                status, (System.nanoTime() - probeStart) / 1e9);
        long readStart = System.nanoTime();
        KilnClient.Answer read = kiln.get("/api/v1/models");
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        System.out.printf(
                "a registry read while PostgreSQL is down: %d after %.1f s: %s%n",
                read.status(), readSeconds, read.body());

        long left = Duration.ofSeconds(30).toNanos() - (System.nanoTime() - stopped);
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
        stack.startPostgres();
        System.out.printf("PostgreSQL started again after %.1f s%n", (System.nanoTime() - stopped) / 1e9);
        assertThat(status).as("the registry's readiness without its database").isEqualTo(503);
        assertThat(read.status()).as(read.body()).isEqualTo(503);
        assertThat(read.json().path("detail").asString()).contains("cannot reach its database");
        assertThat(read.json().path("error_code").asString()).isEqualTo("UNAVAILABLE");
        assertThat(readSeconds)
                .as("answered within the database connection timeout, not the gateway's")
                .isLessThan(10);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (stack.get(readiness) != 200) {
            assertThat(System.nanoTime())
                    .as("registry ready again within 2 min")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }

        List<Integer> versions = new ArrayList<>();
        for (String jobId : submitted) {
            versions.add(kiln.awaitReadyVersion(jobId, JOB_TIMEOUT));
        }
        assertThat(versions)
                .as("one version per job submitted during the outage")
                .containsExactlyInAnyOrder(1, 2, 3);
        JsonNode list = kiln.get("/api/v1/jobs?limit=100").json();
        List<String> listed = new ArrayList<>();
        list.path("jobs").forEach(j -> listed.add(j.path("id").asString()));
        assertThat(listed).containsAll(submitted);
    }

    @Test
    @Order(3)
    void s3StoppedWhileAFinishedJobUploadsItsArtifactsEndsInSuccessOrAClearFailureNeverAHalfRegisteredVersion()
            throws Exception {
        int epochs = 2;
        String jobId = kiln.submitFashionMnistJob("s3-outage", epochs, "s3-outage");
        try (JobEventWatch events = new JobEventWatch(stack.kafkaBootstrap(), jobId)) {
            // the last checkpoint is written; the worker now tests the model and uploads its artifacts
            events.await(CheckpointSaved.class, c -> c.epoch() == epochs, 0, JOB_TIMEOUT);
            stack.stopS3();
            System.out.println("S3 stopped after the last checkpoint, during the export");
            Thread.sleep(20_000);
            stack.startS3();
            System.out.println("S3 started again");
        }
        JsonNode job = kiln.awaitJobEnded(jobId, JOB_TIMEOUT);
        System.out.println("job after the S3 outage: " + job.path("status").asString() + " "
                + job.path("error").asString(""));
        if ("SUCCEEDED".equals(job.path("status").asString())) {
            kiln.awaitReadyVersion(jobId, Duration.ofMinutes(2));
        } else {
            assertThat(job.path("status").asString()).isEqualTo("FAILED");
            assertThat(job.path("error").asString("")).as("a clear reason").containsIgnoringCase("storage");
        }
        assertNoHalfRegisteredVersion();
    }

    /** Every version of every model is READY with every artifact there and matching, or FAILED_REGISTRATION. */
    private void assertNoHalfRegisteredVersion() throws Exception {
        Thread.sleep(2000);
        HttpClient http = HttpClient.newHttpClient();
        for (JsonNode model : kiln.get("/api/v1/models").json().path("models")) {
            String name = model.path("name").asString();
            for (JsonNode version :
                    kiln.get("/api/v1/models/" + name + "/versions").json().path("versions")) {
                String status = version.path("status").asString();
                String ref = name + "/" + version.path("version").asInt();
                assertThat(status).as(ref).isIn("READY", "FAILED_REGISTRATION");
                if (!status.equals("READY")) {
                    continue;
                }
                assertThat(version.path("artifacts").size())
                        .as(ref + " artifacts")
                        .isGreaterThanOrEqualTo(3);
                for (JsonNode artifact : version.path("artifacts")) {
                    String file = artifact.path("file").asString();
                    HttpResponse<byte[]> bytes = http.send(
                            HttpRequest.newBuilder(URI.create(stack.url("gateway") + "/api/v1/models/" + name
                                            + "/versions/"
                                            + version.path("version").asInt() + "/artifacts/"
                                            + file))
                                    .header("Authorization", "Bearer " + stack.apiKey())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(bytes.statusCode()).as(ref + "/" + file).isEqualTo(200);
                    String sha = HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.body()));
                    assertThat(sha)
                            .as(ref + "/" + file + " sha256")
                            .isEqualTo(artifact.path("sha256").asString());
                }
            }
        }
    }

    private static List<Integer> epochsOf(JsonNode job) {
        List<Integer> epochs = new ArrayList<>();
        job.path("epochs").forEach(e -> epochs.add(e.path("epoch").asInt()));
        return epochs;
    }
}
