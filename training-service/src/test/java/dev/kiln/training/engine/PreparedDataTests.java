package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.kiln.training.data.Samples;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PreparedDataTests {
    private static final List<Integer> IMAGE = List.of(3, 4, 5);

    @Test
    void channelsLastImagesReachTheNetworkWithTheSameValuesAndShape() {
        Samples train = samples(20, 1);
        Samples test = samples(6, 2);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                PreparedData plain = PreparedData.prepare(manager, train, test, 0.25, 7, false);
                PreparedData channelsLast = PreparedData.prepare(manager, train, test, 0.25, 7, true)) {
            assertThat(channelsLast.trainX.getShape()).isEqualTo(new Shape(15, 4, 5, 3));
            assertThat(channelsLast.normalization).isEqualTo(plain.normalization);
            List<Function<PreparedData, NDArray>> splits = List.of(d -> d.trainX, d -> d.valX, d -> d.testX);
            for (Function<PreparedData, NDArray> split : splits) {
                assertSameInput(plain, channelsLast, split.apply(plain), split.apply(channelsLast));
                NDIndex rows = new NDIndex("1:4");
                assertSameInput(
                        plain,
                        channelsLast,
                        split.apply(plain).get(rows),
                        split.apply(channelsLast).get(rows));
            }
        }
    }

    @Test
    void withoutATestSplitTheChannelsLastTestArrayIsTheValidationArray() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                PreparedData data = PreparedData.prepare(manager, samples(20, 1), null, 0.25, 7, true)) {
            assertThat(data.testX).isSameAs(data.valX);
            assertThat(data.input(data.testX).getShape()).isEqualTo(new Shape(5, 3, 4, 5));
        }
    }

    @Test
    void featuresThatAreNotImagesStayAsTheyAre() {
        Samples rows = new Samples(8, List.of(6), null, new float[48], new int[8]);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                PreparedData data = PreparedData.prepare(manager, rows, null, 0.25, 7, true)) {
            assertThat(data.input(data.trainX)).isSameAs(data.trainX);
            assertThat(data.trainX.getShape()).isEqualTo(new Shape(6, 6));
        }
    }

    private static void assertSameInput(PreparedData plain, PreparedData channelsLast, NDArray a, NDArray b) {
        NDArray expected = plain.input(a);
        NDArray actual = channelsLast.input(b);
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        assertThat(actual.toFloatArray()).containsExactly(expected.toFloatArray());
    }

    private static Samples samples(int count, long seed) {
        Random random = new Random(seed);
        float[] features = new float[count * 60];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat() * 10 - 3;
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = random.nextInt(4);
        }
        return new Samples(count, IMAGE, null, features, labels);
    }
}
