package dev.kiln.training.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * {@code kiln_training_queue_depth{queue}}: job requests on each queue this worker consumes that the workers' group
 * has not committed yet, that is jobs waiting plus jobs being trained (a job's offset is committed when it ends).
 * Every worker of a group reports the same figure; dashboards take the maximum per queue. Measured with an admin
 * client when Prometheus scrapes (at most every 5 s); NaN when Kafka does not answer within 2 s.
 */
@Component
class QueueDepthMetrics implements DisposableBean {
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Admin admin;
    private final String groupId;
    private final Set<String> queues;
    private final Map<String, Double> depths = new HashMap<>();
    private long measuredAt;

    QueueDepthMetrics(KafkaProperties kafka, KafkaClients clients, WorkerContext worker, MeterRegistry registry) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                String.join(",", kafka.getBootstrapServers()),
                AdminClientConfig.CLIENT_ID_CONFIG,
                worker.workerId() + "-queue-depth",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000));
        this.groupId = clients.groupId();
        this.queues = Set.copyOf(worker.queues());
        for (String queue : worker.queues()) {
            Gauge.builder("kiln.training.queue.depth", () -> depth(queue))
                    .description("Job requests not yet committed by the workers' group: waiting plus training")
                    .tag("queue", queue)
                    .register(registry);
        }
    }

    private synchronized double depth(String queue) {
        if (System.nanoTime() - measuredAt > CACHE_NANOS || !depths.containsKey(queue)) {
            measure();
        }
        return depths.getOrDefault(queue, Double.NaN);
    }

    private void measure() {
        measuredAt = System.nanoTime();
        depths.clear();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(2, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(queues)
                    .allTopicNames()
                    .get(2, TimeUnit.SECONDS)
                    .forEach((name, topic) -> topic.partitions().forEach(p -> {
                        latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                        earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
                    }));
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(2, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(2, TimeUnit.SECONDS);
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                long from = done != null ? done.offset() : starts.get(partition).offset();
                depths.merge(partition.topic(), (double) Math.max(0, end.offset() - from), Double::sum);
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // no figure this time: the gauges read NaN, which Prometheus shows as a gap
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
