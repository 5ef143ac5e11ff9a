package dev.kiln.training.worker;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.TrainingJobCancelRequested;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads {@code training-job-control} from its beginning on every partition, without a consumer group, so that every
 * worker sees every cancel request: a running job stops within a poll (100 ms) plus one batch.
 */
@Component
class ControlListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaClients clients;
    private final Cancellations cancellations;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    ControlListener(KafkaClients clients, Cancellations cancellations) {
        this.clients = clients;
        this.cancellations = cancellations;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "job-control-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> control = clients.controlConsumer()) {
            consumer = control;
            List<TopicPartition> partitions = partitions(control);
            control.assign(partitions);
            control.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = control.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : control.poll(POLL)) {
                    handle(record);
                }
                if (!cancellations.caughtUp()
                        && end.entrySet().stream().allMatch(e -> control.position(e.getKey()) >= e.getValue())) {
                    cancellations.markCaughtUp();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("the job control listener stopped: {}", e.getMessage(), e);
            cancellations.markCaughtUp();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> control) {
        while (running) {
            List<PartitionInfo> infos = control.partitionsFor(Topics.TRAINING_JOB_CONTROL, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            log.info("waiting for topic {} to exist", Topics.TRAINING_JOB_CONTROL);
            sleep();
        }
        return List.of();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            KilnEvent event = EventCodec.fromBytes(record.value());
            if (event instanceof TrainingJobCancelRequested cancel) {
                log.info("cancel requested for job {}", cancel.jobId());
                cancellations.cancelRequested(cancel.jobId(), cancel.reason());
            }
        } catch (IllegalArgumentException e) {
            log.warn(
                    "ignoring unreadable control record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
