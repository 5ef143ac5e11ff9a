package dev.kiln.training.worker;

import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP once this worker has joined the consumer group of its job queues and been given partitions. */
@Component("jobQueue")
class QueueMembershipHealthIndicator implements HealthIndicator {
    private final JobQueueConsumer consumer;
    private final WorkerContext worker;

    QueueMembershipHealthIndicator(JobQueueConsumer consumer, WorkerContext worker) {
        this.consumer = consumer;
        this.worker = worker;
    }

    @Override
    public Health health() {
        if (!consumer.isRunning()) {
            return Health.down()
                    .withDetail("error", "job queue consumer is not running")
                    .build();
        }
        Set<TopicPartition> assigned = consumer.assignedPartitions();
        if (assigned.isEmpty()) {
            return Health.down()
                    .withDetail("error", "waiting for the consumer group to assign partitions")
                    .withDetail("queues", worker.queues())
                    .build();
        }
        Health.Builder health = Health.up()
                .withDetail("group", consumer.groupId())
                .withDetail("worker", worker.workerId())
                .withDetail(
                        "partitions",
                        assigned.stream().map(TopicPartition::toString).sorted().toList());
        if (worker.currentJob() != null) {
            health.withDetail("job", worker.currentJob());
        }
        return health.build();
    }
}
