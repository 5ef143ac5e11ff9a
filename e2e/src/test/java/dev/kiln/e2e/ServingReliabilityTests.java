package dev.kiln.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.e2e.faults.FaultStack;
import dev.kiln.e2e.faults.InferCall;
import dev.kiln.e2e.faults.KilnClient;
import dev.kiln.e2e.faults.LoadDriver;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11, faults 5 and 6, on a stack with two inference replicas behind the gateway and a model with two trained
 * versions, {@code production} on version 1: a replica SIGKILLed under load (the gateway sends the requests to the
 * other one; the failures are counted), and version 2's ONNX file altered in storage before it is promoted (refused
 * at load, version 1 keeps serving).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingReliabilityTests {
    private static final String MODEL = "served";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Path home;
    private FaultStack stack;
    private KilnClient kiln;

    @BeforeAll
    void startWithTwoVersions() throws Exception {
        home = Files.createTempDirectory("kiln-serving-faults");
        stack = FaultStack.start(home, 2);
        kiln = stack.client();
        kiln.await("/api/v1/datasets/fashion-mnist", d -> true, Duration.ofSeconds(60));
        int first = kiln.trainVersion(MODEL);
        kiln.promote(MODEL, first);
        int second = kiln.trainVersion(MODEL);
        assertThat(List.of(first, second)).containsExactly(1, 2);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aReplicaKilledUnderLoadCostsOnlyTheRequestsItHeldAndTheGatewaySendsTheRestToTheOther() throws Exception {
        InferCall call = new InferCall(stack.url("gateway"), MODEL, stack.apiKey());
        for (int i = 0; i < 20; i++) {
            assertThat(call.call()).as("warm-up request %d", i).isTrue(); // both replicas load version 1
        }
        String victim = FaultStack.inferenceName(1);
        List<Thread> killer = new ArrayList<>();
        int killWindow = 4;
        LoadDriver.Run run = LoadDriver.openLoop(100, Duration.ofSeconds(15), Duration.ofSeconds(1), 32, call, w -> {
            if (w == killWindow) {
                Thread thread = new Thread(() -> {
                    try {
                        stack.kill(victim);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                killer.add(thread);
            }
        });
        killer.get(0).join();
        run.windows()
                .forEach(w -> System.out.printf(
                        "replica kill: second %2d: %3d requests, %d failed, p99 %.1f ms%n",
                        w.index(), w.requests(), w.errors(), w.p99Millis()));
        System.out.println(
                "replica kill: " + run.errors() + " of " + run.requests() + " requests failed " + run.firstErrors());
        // the kill lands at the end of second `killWindow`
        assertThat(run.windows().subList(0, killWindow)).as("before the kill").allSatisfy(w -> assertThat(w.errors())
                .isZero());
        assertThat(run.windows().subList(killWindow + 3, run.windows().size()))
                .as("from two seconds after the kill on, the other replica serves every request")
                .allSatisfy(w -> assertThat(w.errors()).isZero());
        assertThat(run.errors())
                .as("failures around the kill: requests the replica held, and retries that met it again")
                .isLessThanOrEqualTo(32);
        stack.restart(victim);
        for (int i = 0; i < 10; i++) {
            assertThat(call.call())
                    .as("after the replica is back, request %d", i)
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void anArtifactAlteredInStorageIsRefusedAtLoadAndThePreviousVersionKeepsServing() throws Exception {
        String key = "models/" + MODEL + "/2/model.onnx";
        byte[] onnx;
        try (InputStream in = stack.s3()
                .client()
                .getObject(GetObjectArgs.builder()
                        .bucket(stack.s3().bucket())
                        .object(key)
                        .build())) {
            onnx = in.readAllBytes();
        }
        onnx[onnx.length / 2] ^= 0x5A; // one byte inside the weights: still a loadable ONNX file
        stack.s3()
                .client()
                .putObject(PutObjectArgs.builder().bucket(stack.s3().bucket()).object(key).stream(
                                new ByteArrayInputStream(onnx), onnx.length, -1)
                        .build());

        kiln.promote(MODEL, 2);
        InferCall call = new InferCall(stack.url("gateway"), MODEL, stack.apiKey());
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int served = 0;
        while (System.nanoTime() < until) {
            HttpResponse<String> response = call.send();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("model_version").asString())
                    .as("the version that keeps serving")
                    .isEqualTo("1");
            served++;
            Thread.sleep(50);
        }
        System.out.println("altered artifact: " + served + " requests after the promotion, all served by version 1");

        KilnClient.Answer direct = kiln.post("/v2/models/" + MODEL + "/versions/2/infer", InferCall.body());
        System.out.println("altered artifact: version 2 answers " + direct.status() + " " + direct.body());
        assertThat(direct.status()).isEqualTo(503);
        JsonNode error = direct.json();
        assertThat(error.path("error").asString()).contains("integrity check").contains("sha256");
    }
}
