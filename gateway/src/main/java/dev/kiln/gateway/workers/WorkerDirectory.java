package dev.kiln.gateway.workers;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.WorkerHeartbeat;
import dev.kiln.gateway.kafka.TopicFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The training workers, from the compacted {@code worker-heartbeats} topic (read from its beginning, then followed):
 * the latest heartbeat of each worker. A worker is online while its last heartbeat is at most 15 s old.
 */
@Component
class WorkerDirectory implements SmartLifecycle {
    static final Duration ONLINE = Duration.ofSeconds(15);

    private final Map<String, WorkerHeartbeat> latest = new ConcurrentHashMap<>();
    private final TopicFollower follower;
    private volatile boolean running;

    WorkerDirectory(Environment environment) {
        this.follower = new TopicFollower(
                environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092"),
                Topics.WORKER_HEARTBEATS,
                null,
                this::onRecord,
                null);
    }

    /** Workers heard from within the last 15 s, by id. */
    List<WorkerHeartbeat> online(Instant now) {
        Instant since = now.minus(ONLINE);
        return latest.values().stream()
                .filter(h -> !h.occurredAt().isBefore(since))
                .sorted(Comparator.comparing(WorkerHeartbeat::workerId))
                .toList();
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        KilnEvent event = EventCodec.fromBytes(record.value());
        if (event instanceof WorkerHeartbeat heartbeat) {
            latest.merge(
                    heartbeat.workerId(),
                    heartbeat,
                    (known, incoming) -> incoming.occurredAt().isBefore(known.occurredAt()) ? known : incoming);
        }
    }

    @Override
    public void start() {
        running = true;
        follower.start();
    }

    @Override
    public void stop() {
        running = false;
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
