package dev.kiln.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/** A slow subscriber's buffer stays bounded, drops its oldest events for a Resync marker, and never blocks the reader. */
class SubscriberBufferTests {

    @Test
    void aSubscriberThatReadsNothingCostsTheReaderNoWaitAndAtMostItsBuffer() {
        SubscriberBuffer slow = new SubscriberBuffer(16, () -> {});
        SubscriberBuffer fast = new SubscriberBuffer(16, () -> {});
        List<JobStreamItem> fastGot = new ArrayList<>();
        slow.flux().subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                // requests nothing: a client that stopped reading
            }
        });
        fast.flux().subscribe(fastGot::add);

        long started = System.nanoTime();
        for (int i = 1; i <= 10_000; i++) {
            JobStreamItem item = event(i);
            slow.offer(item);
            fast.offer(item);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(fastGot).hasSize(10_000);
        assertThat(slow.queued()).isLessThanOrEqualTo(16);
    }

    @Test
    void droppedEventsAreReplacedByOneResyncMarkerBeforeTheNewestOnes() {
        SubscriberBuffer buffer = new SubscriberBuffer(4, () -> {});
        for (int i = 1; i <= 10; i++) {
            buffer.offer(event(i));
        }
        StepVerifier.create(buffer.flux(), 0)
                .thenRequest(4)
                .assertNext(item -> assertThat(item).isEqualTo(new JobStreamItem.Resync(7)))
                .assertNext(item -> assertThat(batch(item)).isEqualTo(8))
                .assertNext(item -> assertThat(batch(item)).isEqualTo(9))
                .assertNext(item -> assertThat(batch(item)).isEqualTo(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void cancellingTheSubscriptionUnregistersIt() {
        boolean[] cancelled = {false};
        SubscriberBuffer buffer = new SubscriberBuffer(4, () -> cancelled[0] = true);
        buffer.flux().subscribe().dispose();
        assertThat(cancelled[0]).isTrue();
    }

    private static JobStreamItem event(int batch) {
        BatchProgress progress = BatchProgress.of("j", 1, batch, 10_000, 0.5, 0.5, 1);
        return new JobStreamItem.Event(progress, EventCodec.toJson(progress));
    }

    private static int batch(JobStreamItem item) {
        return ((BatchProgress) ((JobStreamItem.Event) item).event()).batch();
    }
}
