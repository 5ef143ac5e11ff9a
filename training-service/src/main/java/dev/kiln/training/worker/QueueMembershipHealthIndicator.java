package dev.kiln.training.worker;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** UP once this worker has joined the consumer group of its job queue and been given partitions. */
@Component("jobQueue")
class QueueMembershipHealthIndicator implements HealthIndicator {
    private final KafkaListenerEndpointRegistry registry;

    QueueMembershipHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = registry.getListenerContainer(JobQueueListener.LISTENER_ID);
        if (container == null || !container.isRunning()) {
            return Health.down()
                    .withDetail("error", "job queue consumer is not running")
                    .build();
        }
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        if (assigned == null || assigned.isEmpty()) {
            return Health.down()
                    .withDetail("error", "waiting for the consumer group to assign partitions")
                    .build();
        }
        return Health.up()
                .withDetail("group", container.getGroupId())
                .withDetail(
                        "partitions",
                        assigned.stream().map(TopicPartition::toString).sorted().toList())
                .build();
    }
}
