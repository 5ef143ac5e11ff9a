package dev.kiln.training.worker;

import dev.kiln.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The topics a worker reads and writes, created if missing (the queues' partitions bound how many workers share a
 * queue).
 */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {
    private static final int PARTITIONS = 4;

    @Bean
    KafkaAdmin.NewTopics trainingTopics() {
        return new KafkaAdmin.NewTopics(
                topic(Topics.TRAINING_JOBS_CPU),
                topic(Topics.TRAINING_JOBS_GPU),
                topic(Topics.deadLetter(Topics.TRAINING_JOBS_CPU)),
                topic(Topics.deadLetter(Topics.TRAINING_JOBS_GPU)),
                topic(Topics.TRAINING_JOB_CONTROL),
                topic(Topics.TRAINING_JOB_EVENTS),
                TopicBuilder.name(Topics.WORKER_HEARTBEATS)
                        .partitions(PARTITIONS)
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .build());
    }

    private static NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(PARTITIONS).build();
    }
}
