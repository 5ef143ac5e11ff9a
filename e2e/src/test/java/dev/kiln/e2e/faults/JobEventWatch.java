package dev.kiln.e2e.faults;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.KilnEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code training-job-events} from its start (no consumer group) on a thread of its own and keeps the events of
 * one job, so a test can wait for "the worker reported progress" before it injects a fault. It rides through a broker
 * restart: the consumer reconnects on its own.
 */
public final class JobEventWatch implements AutoCloseable {
    private final String jobId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public JobEventWatch(String bootstrap, String jobId) {
        this.jobId = jobId;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000));
        this.thread = new Thread(this::run, "job-event-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            while (running && partitions.isEmpty()) {
                consumer.partitionsFor(Topics.TRAINING_JOB_EVENTS, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (jobId.equals(record.key())) {
                        KilnEvent event = EventCodec.fromBytes(record.value());
                        if (event instanceof JobEvent jobEvent) {
                            events.add(jobEvent);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public List<JobEvent> events() {
        return List.copyOf(events);
    }

    /** Waits for an event after the first {@code after} events that matches, and returns its index. */
    public <T extends JobEvent> int await(Class<T> type, Predicate<T> matches, int after, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JobEvent> now = events();
            for (int i = after; i < now.size(); i++) {
                if (type.isInstance(now.get(i)) && matches.test(type.cast(now.get(i)))) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type.getSimpleName() + " of job " + jobId + " in " + timeout
                + " after event " + after + "; events: "
                + events().stream().map(e -> e.getClass().getSimpleName()).toList());
    }

    public <T extends JobEvent> List<T> of(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
