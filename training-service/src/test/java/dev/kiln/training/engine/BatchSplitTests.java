package dev.kiln.training.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSplitTests {

    @Test
    void oneDeviceTakesTheWholeBatch() {
        assertThat(BatchSplit.of(64, 1).parts()).containsExactly(new BatchSplit.Part(0, 0, 64, 1.0));
    }

    @Test
    void devicesShareABatchAsEvenlyAsPossibleWithLossWeightsSummingToOne() {
        BatchSplit split = BatchSplit.of(10, 3);
        assertThat(split.parts())
                .extracting(BatchSplit.Part::start, BatchSplit.Part::length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 4),
                        org.assertj.core.groups.Tuple.tuple(4, 3),
                        org.assertj.core.groups.Tuple.tuple(7, 3));
        assertThat(split.parts().stream()
                        .mapToDouble(BatchSplit.Part::lossWeight)
                        .sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aBatchSmallerThanTheDeviceCountLeavesNoDeviceEmpty() {
        assertThat(BatchSplit.of(2, 4).parts())
                .extracting(BatchSplit.Part::length)
                .containsExactly(1, 1);
    }
}
