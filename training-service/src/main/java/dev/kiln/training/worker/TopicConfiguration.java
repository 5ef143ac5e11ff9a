package dev.kiln.training.worker;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The job queues a worker consumes, created if missing (partitions bound how many workers share a queue). */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {
    @Bean
    NewTopic cpuQueue() {
        return TopicBuilder.name("training-jobs-cpu").partitions(4).build();
    }

    @Bean
    NewTopic gpuQueue() {
        return TopicBuilder.name("training-jobs-gpu").partitions(4).build();
    }
}
