package dev.kiln.gateway.events;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.gateway.config.GatewayProperties;
import dev.kiln.gateway.kafka.TopicFollower;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The one reader of {@code training-job-events} in a gateway replica, shared by every live stream: a plain
 * KafkaConsumer on one dedicated thread (no consumer group: every replica sees every event; it starts a short window
 * back so recent history is there at once). Each event is decoded and encoded to JSON once, kept in a short
 * {@link JobHistory}, and offered to the {@link SubscriberBuffer} of each subscriber of its job and of all jobs.
 * Offering never blocks, so a slow subscriber cannot hold up the reader or the others.
 *
 * <p>Subscribing takes the job's history and registers the subscriber under one lock, the same lock under which the
 * reader records an event and picks its subscribers; so every event is either in the history the subscriber got or
 * delivered to it live, never both, never neither.
 */
@Component
public class JobEventHub implements SmartLifecycle {
    private final GatewayProperties.Events settings;
    private final Clock clock;
    private final Object lock = new Object();
    private final JobHistory history;
    private final Map<String, Set<SubscriberBuffer>> byJob = new HashMap<>();
    private final Set<SubscriberBuffer> everyJob = new LinkedHashSet<>();
    private final TopicFollower follower;
    private volatile boolean running;

    JobEventHub(GatewayProperties properties, Environment environment) {
        this.settings = properties.events();
        this.clock = Clock.systemUTC();
        this.history = new JobHistory(settings.historyPerJob(), settings.historyWindow());
        this.follower = new TopicFollower(
                environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092"),
                Topics.TRAINING_JOB_EVENTS,
                settings.historyWindow(),
                this::onRecord,
                null);
    }

    /**
     * A subscription to one job: its recent history, then its live events.
     *
     * @param cancel ends the subscription when {@code live} is not going to be subscribed (it ends by itself when a
     *     subscription to {@code live} is cancelled or completes)
     */
    public record Subscription(List<JobStreamItem.Event> history, Flux<JobStreamItem> live, Runnable cancel) {}

    /** Subscribes to one job. The live flux must be subscribed (or the subscription dropped) promptly. */
    public Subscription subscribe(String jobId) {
        SubscriberBuffer[] holder = new SubscriberBuffer[1];
        SubscriberBuffer buffer = new SubscriberBuffer(settings.subscriberBuffer(), () -> remove(jobId, holder[0]));
        holder[0] = buffer;
        synchronized (lock) {
            byJob.computeIfAbsent(jobId, id -> new LinkedHashSet<>()).add(buffer);
            return new Subscription(history.of(jobId, clock.instant()), buffer.flux(), () -> remove(jobId, buffer));
        }
    }

    /** Every job's live events from now on. */
    public Flux<JobStreamItem> subscribeAll() {
        SubscriberBuffer[] holder = new SubscriberBuffer[1];
        SubscriberBuffer buffer = new SubscriberBuffer(settings.subscriberBuffer(), () -> {
            synchronized (lock) {
                everyJob.remove(holder[0]);
            }
        });
        holder[0] = buffer;
        synchronized (lock) {
            everyJob.add(buffer);
        }
        return buffer.flux();
    }

    /** How many subscribers this replica serves now. */
    public int subscribers() {
        synchronized (lock) {
            return everyJob.size() + byJob.values().stream().mapToInt(Set::size).sum();
        }
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    private void remove(String jobId, SubscriberBuffer buffer) {
        synchronized (lock) {
            Set<SubscriberBuffer> subscribers = byJob.get(jobId);
            if (subscribers != null) {
                subscribers.remove(buffer);
                if (subscribers.isEmpty()) {
                    byJob.remove(jobId);
                }
            }
        }
    }

    private void onRecord(ConsumerRecord<String, byte[]> record) {
        KilnEvent decoded = EventCodec.fromBytes(record.value());
        if (!(decoded instanceof JobEvent event)) {
            return;
        }
        JobStreamItem.Event item = new JobStreamItem.Event(event, EventCodec.toJson(event));
        List<SubscriberBuffer> targets;
        synchronized (lock) {
            history.add(item, clock.instant());
            Set<SubscriberBuffer> subscribers = byJob.get(event.jobId());
            targets = new ArrayList<>(everyJob.size() + (subscribers == null ? 0 : subscribers.size()));
            if (subscribers != null) {
                targets.addAll(subscribers);
            }
            targets.addAll(everyJob);
        }
        for (SubscriberBuffer target : targets) {
            target.offer(item);
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
