package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.inference.support.DirectOrt;
import dev.kiln.inference.support.TestModels;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Moving the {@code production} alias under concurrent load from REST and gRPC clients: the replica picks the event
 * up from Kafka, loads the new version, then switches; no request fails, the switch lands within a second, and every
 * request sent after the first answer from the new version is answered by the new version.
 */
class AliasSwitchIntegrationTests extends ServingIntegrationTest {
    static final String MODEL = "fashion-switch";
    static final int CLIENTS = 8;

    record Answer(long sentNanos, long receivedNanos, int version, String error) {}

    @Test
    void anAliasMovedUnderLoadSwitchesWithinASecondWithoutAFailedRequest() throws Exception {
        byte[] first = shelf().register(MODEL, 1, 101);
        byte[] second = shelf().register(MODEL, 2, 202);
        CATALOG.setAlias(MODEL, "production", 1);
        float[] sample = TestModels.randomSamples(1, 5);
        float[] expected1;
        float[] expected2;
        try (DirectOrt v1 = new DirectOrt(first);
                DirectOrt v2 = new DirectOrt(second)) {
            expected1 = v1.run(sample, 1, "probabilities");
            expected2 = v2.run(sample, 1, "probabilities");
        }
        assertThat(expected1).isNotEqualTo(expected2);
        awaitEventsListening();

        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> loops = new ArrayList<>();
        String body = Tensors.inferBody("s", Tensors.flat(sample), 1, "probabilities");
        for (int c = 0; c < CLIENTS; c++) {
            boolean rest = c % 2 == 0;
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    answers.add(rest ? restCall(body, expected1, expected2) : grpcCall(sample, expected1, expected2));
                }
                return null;
            }));
        }
        Thread.sleep(500);
        CATALOG.setAlias(MODEL, "production", 2);
        long switchedAt = System.nanoTime();
        publish(ModelAliasChanged.of(MODEL, "production", 2, 1));

        long deadline = switchedAt + Duration.ofSeconds(10).toNanos();
        while (answers.stream().noneMatch(a -> a.version() == 2) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(500);
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(answers).filteredOn(a -> a.error() != null).isEmpty();
        long firstNew = answers.stream()
                .filter(a -> a.version() == 2)
                .mapToLong(Answer::receivedNanos)
                .min()
                .orElseThrow(() -> new AssertionError("no answer came from version 2"));
        assertThat(Duration.ofNanos(firstNew - switchedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(answers)
                .filteredOn(a -> a.sentNanos() > firstNew)
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.version()).isEqualTo(2));
        assertThat(answers).filteredOn(a -> a.version() == 1).isNotEmpty();
        System.out.printf(
                "alias switch: %d answers, %d from version 1, %d from version 2, first from version 2 after %d ms%n",
                answers.size(),
                answers.stream().filter(a -> a.version() == 1).count(),
                answers.stream().filter(a -> a.version() == 2).count(),
                Duration.ofNanos(firstNew - switchedAt).toMillis());
    }

    private Answer restCall(String body, float[] expected1, float[] expected2) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = postJson("/v2/models/" + MODEL + "/infer", body);
            long received = System.nanoTime();
            if (response.statusCode() != 200) {
                return new Answer(sent, received, 0, response.statusCode() + " " + response.body());
            }
            JsonNode json = json(response);
            int version = Integer.parseInt(json.get("model_version").asString());
            float[] probabilities =
                    Tensors.floats(Tensors.output(json, "probabilities").get("data"));
            assertThat(probabilities).containsExactly(version == 1 ? expected1 : expected2, within(1e-6f));
            return new Answer(sent, received, version, null);
        } catch (Throwable e) {
            return new Answer(sent, System.nanoTime(), 0, e.toString());
        }
    }

    private Answer grpcCall(float[] sample, float[] expected1, float[] expected2) {
        long sent = System.nanoTime();
        try {
            ByteBuffer raw = ByteBuffer.allocate(sample.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(sample);
            ModelInferResponse response = grpc().modelInfer(ModelInferRequest.newBuilder()
                    .setModelName(MODEL)
                    .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                            .setName("input")
                            .setDatatype("FP32")
                            .addShape(1)
                            .addShape(1)
                            .addShape(28)
                            .addShape(28))
                    .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                            .setName("probabilities"))
                    .addRawInputContents(ByteString.copyFrom(raw.array()))
                    .build());
            long received = System.nanoTime();
            int version = Integer.parseInt(response.getModelVersion());
            float[] probabilities = new float[10];
            response.getRawOutputContents(0)
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(probabilities);
            assertThat(probabilities).containsExactly(version == 1 ? expected1 : expected2, within(1e-6f));
            return new Answer(sent, received, version, null);
        } catch (Throwable e) {
            return new Answer(sent, System.nanoTime(), 0, e.toString());
        }
    }
}
