package dev.kiln.inference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.runtime.LoadedModel;
import dev.kiln.inference.runtime.OrtModelRuntime;
import dev.kiln.inference.support.DirectOrt;
import dev.kiln.inference.support.TestModels;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchQueueTests {
    static byte[] onnx;
    final List<Integer> batchRows = new CopyOnWriteArrayList<>();
    final BatchObserver observer = (rows, requests, nanos) -> batchRows.add(rows);
    GatedModel model;
    BatchQueue queue;

    @BeforeAll
    static void export() {
        onnx = TestModels.mlp("fashion", 1, 3);
    }

    GatedModel gated() {
        LoadedModel loaded = new OrtModelRuntime(OrtEnvironment.getEnvironment(), 1, false).load(onnx, "fashion/1");
        model = new GatedModel(loaded);
        return model;
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.openForever();
        }
        if (queue != null) {
            queue.close();
        }
        if (model != null) {
            model.close();
        }
    }

    /** Submits from another thread: a request that finds the model idle runs on its caller's thread (here gated). */
    CompletableFuture<BatchResult> submitElsewhere(BatchItem item) {
        return CompletableFuture.supplyAsync(() -> queue.submit(item)).thenCompose(f -> f);
    }

    void awaitWorkerHolding() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.depth() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(queue.depth()).isZero();
    }

    static BatchItem item(float[] samples, int rows) {
        return BatchItem.of(new FloatBuffer[] {FloatBuffer.wrap(samples)}, new long[][] {{rows, 1, 28, 28}}, rows);
    }

    @Test
    void requestsThatWaitTogetherRunAsOneBatchAndEachGetsItsOwnRows() throws Exception {
        queue = new BatchQueue("fashion/1", gated(), new BatchSettings(64, Duration.ZERO, 100, 1), observer);
        CompletableFuture<BatchResult> first = submitElsewhere(item(TestModels.randomSamples(1, 0), 1));
        assertThat(model.firstRunEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<float[]> inputs = new ArrayList<>();
        List<CompletableFuture<BatchResult>> waiting = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            float[] samples = TestModels.randomSamples(2, i);
            inputs.add(samples);
            waiting.add(queue.submit(item(samples, 2)));
        }
        model.openForever();

        first.get(10, TimeUnit.SECONDS);
        try (DirectOrt direct = new DirectOrt(onnx)) {
            for (int i = 0; i < waiting.size(); i++) {
                BatchResult result = waiting.get(i).get(10, TimeUnit.SECONDS);
                assertThat(result.batchRows()).isEqualTo(20);
                assertThat(result.shapes()[1]).containsExactly(2, 10);
                assertThat(result.outputs()[1]).containsExactly(direct.run(inputs.get(i), 2, "probabilities"));
            }
        }
        awaitBatches(2);
        assertThat(batchRows).containsExactly(1, 20);
    }

    @Test
    void batchesNeverExceedTheMaximumBatchSize() throws Exception {
        queue = new BatchQueue("fashion/1", gated(), new BatchSettings(8, Duration.ZERO, 100, 1), observer);
        CompletableFuture<BatchResult> first = submitElsewhere(item(TestModels.randomSamples(1, 0), 1));
        assertThat(model.firstRunEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<BatchResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(queue.submit(item(TestModels.randomSamples(3, i), 3)));
        }
        model.openForever();
        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<BatchResult> result : waiting) {
            assertThat(result.get(10, TimeUnit.SECONDS).outputs()[0]).hasSize(30);
        }
        awaitBatches(4);
        assertThat(batchRows).containsExactly(1, 6, 6, 6);
    }

    @Test
    void aLoneRequestRunsAtOnceOnItsOwnThreadWithoutWaitingForTheBatchDelay() throws Exception {
        queue = new BatchQueue("fashion/1", gated(), new BatchSettings(64, Duration.ofSeconds(5), 100, 1), observer);
        model.openForever();
        long start = System.nanoTime();
        CompletableFuture<BatchResult> result = queue.submit(item(TestModels.randomSamples(1, 0), 1));
        assertThat(result).isCompleted();
        assertThat(result.get().queueNanos()).isLessThan(Duration.ofMillis(100).toNanos());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aFullQueueRefusesAtOnceWithResourceExhausted() throws Exception {
        queue = new BatchQueue("fashion/1", gated(), new BatchSettings(64, Duration.ZERO, 2, 1), observer);
        submitElsewhere(item(TestModels.randomSamples(1, 0), 1));
        assertThat(model.firstRunEntered.await(10, TimeUnit.SECONDS)).isTrue();
        queue.submit(item(TestModels.randomSamples(1, 1), 1));
        awaitWorkerHolding();
        queue.submit(item(TestModels.randomSamples(1, 2), 1));
        queue.submit(item(TestModels.randomSamples(1, 3), 1));

        long start = System.nanoTime();
        assertThatThrownBy(() -> queue.submit(item(TestModels.randomSamples(1, 4), 1)))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("has 2 requests waiting")
                .extracting(e -> ((InferenceException) e).code())
                .isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(queue.depth()).isEqualTo(2);
    }

    @Test
    void closingLetsQueuedRequestsFinishAndRefusesNewOnes() throws Exception {
        queue = new BatchQueue("fashion/1", gated(), new BatchSettings(64, Duration.ZERO, 10, 1), observer);
        List<CompletableFuture<BatchResult>> queued = new ArrayList<>();
        queued.add(submitElsewhere(item(TestModels.randomSamples(1, 0), 1)));
        assertThat(model.firstRunEntered.await(10, TimeUnit.SECONDS)).isTrue();
        queued.add(queue.submit(item(TestModels.randomSamples(1, 1), 1)));
        queued.add(queue.submit(item(TestModels.randomSamples(1, 2), 1)));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(queue::close);
        while (!queue.closed()) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> queue.submit(item(TestModels.randomSamples(1, 3), 1)))
                .isInstanceOf(QueueClosedException.class);
        model.openForever();
        closing.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<BatchResult> result : queued) {
            result.get(10, TimeUnit.SECONDS);
            assertThat(result.get().outputs()[1]).hasSize(10);
        }
    }

    /** The observer hears of a batch just after its callers are answered: wait for it before reading. */
    private void awaitBatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batchRows.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
