package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.training.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class NativeMemoryTests {
    @Test
    void glibcTakesTheSettings() {
        assertThat(NativeMemory.keepFreedMemory()).isTrue();
    }

    /**
     * A CNN step at batch 64 allocates ~25 MB of activations and gradients; with glibc's defaults a training thread
     * faults in 3,000 to 8,000 fresh pages per step (from the second epoch on), with the settings a few dozen once the
     * heaps have grown.
     */
    @Test
    void aTrainingStepReusesTheMemoryThePreviousStepFreed() throws IOException {
        InferredModel cnn = ShapeInference.infer(ModelTemplates.cnn(FashionMnist.SHAPE, 10));
        Hyperparameters hp = new Hyperparameters(3, 64, "adam", 0.001, 7, 0.1);
        try (TrainingRun run =
                TrainingRun.start(cnn, hp, List.of(Device.cpu()), FashionMnist.train(1280), FashionMnist.test(100))) {
            // the first epochs grow glibc's heaps to the step's working set
            run.trainEpoch(1, (e, b, n, l, a, s) -> {}, () -> false);
            run.trainEpoch(2, (e, b, n, l, a, s) -> {}, () -> false);
            long before = minorPageFaults();
            run.trainEpoch(3, (e, b, n, l, a, s) -> {}, () -> false);
            long batches = (run.trainingSamples() + 63) / 64;
            assertThat((minorPageFaults() - before) / batches).isLessThan(1000);
        }
    }

    /** The process's minor page faults so far ({@code minflt}, the 10th field of {@code /proc/self/stat}). */
    private static long minorPageFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
