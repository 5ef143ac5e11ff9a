package dev.kiln.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.training.engine.Checkpoint;
import dev.kiln.training.engine.EpochMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointCodecTests {

    @Test
    void aCheckpointReadsBackAsItWasWritten() {
        Checkpoint checkpoint = new Checkpoint(
                3,
                1266,
                List.of(
                        new EpochMetrics(1, 0.9, 0.7, 0.6, 0.8, 9000, 6.1),
                        new EpochMetrics(2, 0.5, 0.8, null, null, 9100, 6.0)),
                new StateDict(Map.of(
                        "1.weight", Tensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4),
                        "2.num_batches_tracked", Tensor.scalar(1266))),
                Map.of("exp_avg/1.weight", Tensor.ofFloats(new long[] {2, 2}, 0.1f, 0.2f, 0.3f, 0.4f)));

        Checkpoint read = CheckpointCodec.decode(CheckpointCodec.encode(checkpoint));

        assertThat(read.epoch()).isEqualTo(3);
        assertThat(read.steps()).isEqualTo(1266);
        assertThat(read.history()).isEqualTo(checkpoint.history());
        assertThat(read.parameters().tensors())
                .isEqualTo(checkpoint.parameters().tensors());
        assertThat(read.optimizerState()).isEqualTo(checkpoint.optimizerState());
    }
}
