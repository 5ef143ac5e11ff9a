package dev.kiln.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.support.Core;
import dev.kiln.inference.support.DirectOrt;
import dev.kiln.inference.support.TestModels;
import java.nio.FloatBuffer;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceServiceTests {
    static Core core;
    static byte[] onnx;

    @BeforeAll
    static void start() {
        core = new Core(Core.BATCHING, 8, 1L << 31, 4 * TestModels.PIXELS * 4);
        onnx = core.shelf.register("fashion", 1, 5);
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    static InferRequest request(List<InferInput> inputs, String... outputs) {
        return new InferRequest(
                ModelRef.parse("fashion", null), "req-1", inputs, List.of(outputs), "test", System.nanoTime());
    }

    static InferInput input(String name, String datatype, long[] shape, float[] data) {
        return new InferInput(name, datatype, shape, data == null ? null : FloatBuffer.wrap(data));
    }

    static AbstractThrowableAssert<?, ?> refused(InferRequest request, ErrorCode code) {
        return assertThatThrownBy(() -> core.service.infer(request))
                .isInstanceOf(InferenceException.class)
                .satisfies(e -> assertThat(((InferenceException) e).code()).isEqualTo(code));
    }

    @Test
    void answersWithEveryOutputAndTheLabelOfTheHighestProbability() throws Exception {
        float[] samples = TestModels.randomSamples(3, 9);
        InferResponse response = core.service.infer(Core.request("fashion", null, samples, 3));

        assertThat(response.modelName()).isEqualTo("fashion");
        assertThat(response.modelVersion()).isEqualTo("1");
        assertThat(response.outputs())
                .extracting(InferOutput::name)
                .containsExactly("logits", "probabilities", "label");
        float[] probabilities;
        try (DirectOrt direct = new DirectOrt(onnx)) {
            probabilities = direct.run(samples, 3, "probabilities");
            assertThat(response.outputs().get(0).fp32()).containsExactly(direct.run(samples, 3, "logits"));
        }
        assertThat(response.outputs().get(1).fp32()).containsExactly(probabilities);
        assertThat(response.outputs().get(1).shape()).containsExactly(3, 10);
        InferOutput labels = response.outputs().get(2);
        assertThat(labels.datatype()).isEqualTo("BYTES");
        assertThat(labels.shape()).containsExactly(3);
        for (int row = 0; row < 3; row++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (probabilities[row * 10 + c] > probabilities[row * 10 + best]) {
                    best = c;
                }
            }
            assertThat(labels.strings()[row]).isEqualTo(TestModels.LABELS.get(best));
        }
    }

    @Test
    void givesOnlyTheRequestedOutputsInTheOrderAskedAndEchoesTheId() {
        InferResponse response = core.service.infer(request(
                List.of(input("input", "FP32", new long[] {1, 1, 28, 28}, TestModels.randomSamples(1, 1))),
                "label",
                "probabilities"));
        assertThat(response.id()).isEqualTo("req-1");
        assertThat(response.outputs()).extracting(InferOutput::name).containsExactly("label", "probabilities");
    }

    @Test
    void describesTheModelWithFp32TensorsABatchDimensionOfMinusOneAndALabelOutput() {
        ModelMetadata metadata = core.service.modelMetadata(ModelRef.parse("fashion", null));
        assertThat(metadata.versions()).containsExactly("1");
        assertThat(metadata.platform()).isEqualTo("onnxruntime_onnx");
        assertThat(metadata.inputs().get(0).describe()).isEqualTo("input FP32 [-1, 1, 28, 28]");
        assertThat(metadata.outputs())
                .extracting(o -> o.describe())
                .containsExactly("logits FP32 [-1, 10]", "probabilities FP32 [-1, 10]", "label BYTES [-1]");
        assertThat(metadata.labels()).isEqualTo(TestModels.LABELS);
        assertThat(core.service.modelReady(ModelRef.parse("fashion", "1"))).isTrue();
    }

    @Test
    void refusesAnUnknownInputNameAndSaysWhatTheModelTakes() {
        refused(
                        request(List.of(input("pixels", "FP32", new long[] {1, 1, 28, 28}, new float[784]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("unknown input 'pixels'; model fashion/1 takes input FP32 [-1, 1, 28, 28]");
    }

    @Test
    void refusesAMissingOrRepeatedInput() {
        refused(request(List.of()), ErrorCode.INVALID_ARGUMENT).hasMessageContaining("the request has no inputs");
        InferInput once = input("input", "FP32", new long[] {1, 1, 28, 28}, new float[784]);
        refused(request(List.of(once, once)), ErrorCode.INVALID_ARGUMENT).hasMessageContaining("given twice");
    }

    @Test
    void refusesAnotherDatatype() {
        refused(
                        request(List.of(input("input", "INT64", new long[] {1, 1, 28, 28}, new float[784]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("input 'input' has datatype INT64; the model takes FP32");
    }

    @Test
    void refusesAShapeTheModelDoesNotTake() {
        refused(
                        request(List.of(input("input", "FP32", new long[] {1, 784}, new float[784]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("input 'input' has shape [1, 784]; the model takes [-1, 1, 28, 28] (-1: any size from 1)");
        refused(
                        request(List.of(input("input", "FP32", new long[] {0, 1, 28, 28}, new float[0]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("has shape [0, 1, 28, 28]");
    }

    @Test
    void refusesDataWhoseLengthIsNotTheProductOfTheShape() {
        refused(
                        request(List.of(input("input", "FP32", new long[] {2, 1, 28, 28}, new float[784]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("input 'input' has 784 values but its shape [2, 1, 28, 28] needs 1568");
    }

    @Test
    void refusesNonFiniteValues() {
        float[] data = new float[784];
        data[17] = Float.NaN;
        refused(request(List.of(input("input", "FP32", new long[] {1, 1, 28, 28}, data))), ErrorCode.INVALID_ARGUMENT)
                .hasMessage("input 'input' value 17 is NaN; the model takes finite FP32 values");
        data[17] = Float.POSITIVE_INFINITY;
        refused(request(List.of(input("input", "FP32", new long[] {1, 1, 28, 28}, data))), ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("is Infinity");
    }

    @Test
    void refusesAShapeWhoseElementCountOverflowsInsteadOfRunningAnEmptyTensor() {
        // 2^62 * 784 wraps to 0 in a long: with empty data it would have matched
        refused(
                        request(List.of(input("input", "FP32", new long[] {1L << 62, 1, 28, 28}, new float[0]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("input 'input' has shape [4611686018427387904, 1, 28, 28], more elements than one request"
                        + " may hold; send fewer samples per request");
        refused(
                        request(List.of(input("input", "FP32", new long[] {Long.MAX_VALUE, 1, 28, 28}, new float[0]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("more elements than one request may hold");
    }

    @Test
    void refusesAPayloadOverTheLimit() {
        refused(
                        request(List.of(input("input", "FP32", new long[] {5, 1, 28, 28}, new float[5 * 784]))),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining("more than 12544 bytes, the limit (kiln.inference.max-request-size)");
    }

    @Test
    void refusesAnUnknownRequestedOutput() {
        refused(
                        request(List.of(input("input", "FP32", new long[] {1, 1, 28, 28}, new float[784])), "scores"),
                        ErrorCode.INVALID_ARGUMENT)
                .hasMessage("unknown output 'scores'; model fashion/1 gives logits, probabilities, label");
    }

    @Test
    void anUnknownModelOrVersionIsNotFound() {
        refused(Core.request("shoes", null, new float[784], 1), ErrorCode.NOT_FOUND)
                .hasMessageContaining("model 'shoes' is not registered");
        refused(Core.request("fashion", "7", new float[784], 1), ErrorCode.NOT_FOUND)
                .hasMessageContaining("model 'fashion' has no version 7");
    }

    @Test
    void countsRequestsByModelVersionAndOutcome() {
        core.service.infer(Core.request("fashion", "1", new float[784], 1));
        assertThatThrownBy(() -> core.service.infer(Core.request("fashion", "1", new float[783], 1)));
        assertThat(core.meters
                        .get("kiln.inference.requests")
                        .tags("model", "fashion", "version", "1", "outcome", "success")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(core.meters
                        .get("kiln.inference.requests")
                        .tags("model", "fashion", "version", "1", "outcome", "invalid_argument")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(core.meters
                        .get("kiln.inference.batch.size")
                        .tags("model", "fashion")
                        .summary()
                        .count())
                .isPositive();
        assertThat(core.meters.get("kiln.inference.model.memory").gauge().value())
                .isEqualTo(onnx.length);
    }
}
