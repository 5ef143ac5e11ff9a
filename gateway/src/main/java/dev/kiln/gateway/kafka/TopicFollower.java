package dev.kiln.gateway.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on one dedicated thread, without a consumer group (each gateway replica sees
 * every record), from the beginning or from a point in time, and keeps following it. Knows when it has caught up
 * with the end offsets it found at start. If Kafka goes away it keeps retrying and resumes where it was, so the
 * handler never sees a record twice from this follower.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What to do with each record; runs on the follower's thread, so it must be quick and must not block. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(ConsumerRecord<String, byte[]> record);
    }

    private final String topic;
    private final Map<String, Object> config;
    private final Duration lookBack;
    private final RecordHandler handler;
    private final Runnable onCaughtUp;
    private Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile Preparation preparation = () -> {};
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param lookBack null to read from the beginning, else read records of this last stretch of time only
     * @param onCaughtUp run once on the follower's thread when it first reaches the end offsets (may be null)
     */
    public TopicFollower(
            String bootstrapServers, String topic, Duration lookBack, RecordHandler handler, Runnable onCaughtUp) {
        this.topic = topic;
        this.lookBack = lookBack;
        this.handler = handler;
        this.onCaughtUp = onCaughtUp == null ? () -> {} : onCaughtUp;
        this.config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-" + topic);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** Something to do (and retry until it works) before reading, such as creating the topic. */
    @FunctionalInterface
    public interface Preparation {
        void prepare() throws Exception;
    }

    public TopicFollower preparedBy(Preparation preparation) {
        this.preparation = preparation;
        return this;
    }

    /** Starts following; after {@link #close} it may start again and resumes where it stopped. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config)) {
                consumer = kafka;
                preparation.prepare();
                preparation = () -> {};
                follow(kafka);
            } catch (WakeupException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (running) {
                    log.warn(
                            "following {} failed ({}{}); retrying in 1 s",
                            topic,
                            e,
                            e.getCause() == null ? "" : ", caused by " + e.getCause());
                    sleep(1_000);
                }
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = awaitPartitions(kafka);
        kafka.assign(partitions);
        seek(kafka, partitions);
        partitions.forEach(p -> positions.put(p, kafka.position(p)));
        Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
        while (running) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
                try {
                    handler.handle(record);
                } catch (RuntimeException e) {
                    log.warn(
                            "skipping record {}-{}@{}: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                }
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            if (!isCaughtUp() && partitions.stream().allMatch(p -> kafka.position(p) >= end.get(p))) {
                onCaughtUp.run();
                caughtUp.countDown();
            }
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            log.info("topic {} does not exist yet; waiting for it", topic);
            sleep(2_000);
        }
        throw new WakeupException();
    }

    private void seek(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        if (positions.keySet().containsAll(partitions)) {
            partitions.forEach(p -> kafka.seek(p, positions.get(p)));
            return;
        }
        if (lookBack == null) {
            kafka.seekToBeginning(partitions);
            return;
        }
        long since = Instant.now().minus(lookBack).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            if (at == null) {
                kafka.seekToEnd(List.of(partition));
            } else {
                kafka.seek(partition, at.offset());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
