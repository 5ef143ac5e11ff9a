package dev.kiln.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.support.DirectOrt;
import dev.kiln.inference.support.TestModels;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrtModelRuntimeTests {
    static byte[] onnx;
    final OrtModelRuntime runtime = new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false);

    @BeforeAll
    static void export() {
        onnx = TestModels.mlp("fashion", 1, 7);
    }

    @Test
    void describesTheGraphsTensorsWithADynamicBatchDimension() {
        try (LoadedModel model = runtime.load(onnx, "fashion/1")) {
            assertThat(model.inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 1L, 28L, 28L)));
            assertThat(model.outputs())
                    .containsExactly(
                            new TensorSpec("logits", "FP32", List.of(-1L, 10L)),
                            new TensorSpec("probabilities", "FP32", List.of(-1L, 10L)));
            assertThat(model.memoryBytes()).isEqualTo(onnx.length);
            assertThat(model.metadata()).containsKey("kiln.labels");
        }
    }

    @Test
    void runnerGivesWhatOnnxRuntimeGivesWhenCalledDirectly() throws Exception {
        float[] samples = TestModels.randomSamples(5, 1);
        try (LoadedModel model = runtime.load(onnx, "fashion/1");
                ModelRunner runner = model.newRunner();
                DirectOrt direct = new DirectOrt(onnx)) {
            for (int rows : new int[] {5, 1, 3}) {
                FloatBuffer input = runner.input(0, new long[] {rows, 1, 28, 28});
                input.put(samples, 0, rows * TestModels.PIXELS);
                runner.run();
                float[] expected =
                        direct.run(java.util.Arrays.copyOf(samples, rows * TestModels.PIXELS), rows, "probabilities");
                float[] actual = new float[rows * 10];
                runner.output(1).get(0, actual);
                assertThat(runner.outputShape(1)).containsExactly(rows, 10);
                assertThat(actual).containsExactly(expected);
            }
        }
    }

    @Test
    void refusesBytesThatAreNotAModel() {
        assertThatThrownBy(() -> runtime.load(new byte[] {1, 2, 3, 4}, "broken/1"))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("model broken/1 could not be loaded by ONNX Runtime")
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }
}
