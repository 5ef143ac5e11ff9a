package dev.kiln.training.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Takes training jobs from this worker's queue, one at a time. */
@Component
class JobQueueListener {
    static final String LISTENER_ID = "training-worker";
    private static final Logger log = LoggerFactory.getLogger(JobQueueListener.class);

    @KafkaListener(id = LISTENER_ID, topics = "${kiln.training.queue}", groupId = "training-service", concurrency = "1")
    void onJob(ConsumerRecord<String, String> record) {
        log.info("job {} received from {}-{}@{}", record.key(), record.topic(), record.partition(), record.offset());
    }
}
