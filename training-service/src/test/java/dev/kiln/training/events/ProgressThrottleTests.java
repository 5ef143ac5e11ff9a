package dev.kiln.training.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTests {

    @Test
    void publishesTheFirstBatchAndThenAtMostOncePerInterval() {
        List<JobEvent> sent = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        ProgressThrottle throttle = new ProgressThrottle("job-1", sent::add, Duration.ofMillis(500), now::get);

        for (int batch = 1; batch <= 100; batch++) {
            throttle.onBatch(1, batch, 100, 0.5, 0.8, 1000);
            now.addAndGet(Duration.ofMillis(20).toNanos());
        }

        assertThat(sent).hasSize(4);
        assertThat(sent).map(e -> ((BatchProgress) e).batch()).containsExactly(1, 26, 51, 76);
        BatchProgress first = (BatchProgress) sent.get(0);
        assertThat(first.jobId()).isEqualTo("job-1");
        assertThat(first.batchesPerEpoch()).isEqualTo(100);
        assertThat(first.loss()).isEqualTo(0.5);
    }
}
