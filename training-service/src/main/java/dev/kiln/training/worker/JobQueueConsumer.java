package dev.kiln.training.worker;

import dev.kiln.training.job.JobControl;
import dev.kiln.training.job.JobOutcome;
import dev.kiln.training.job.JobRunner;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The worker's job queue: one thread owns a plain {@link KafkaConsumer} and polls it all the time, so the worker
 * stays in its group however long a job trains. It takes one record, pauses its partitions, runs the job on the
 * training thread while polling on (paused, so empty), then commits the record and resumes. A job whose partition
 * is taken away (this worker was too slow, or another joined and the partition moved) is stopped without a commit;
 * the new owner resumes it from its checkpoint.
 */
@Component
public class JobQueueConsumer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobQueueConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long STOP_WAIT_SECONDS = 60;

    private final KafkaClients clients;
    private final JobRunner runner;
    private final Cancellations cancellations;
    private final WorkerContext worker;
    private final ExecutorService trainingThread;
    private volatile Set<TopicPartition> assigned = Set.of();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private InFlight inFlight;
    private Retry retry;

    JobQueueConsumer(KafkaClients clients, JobRunner runner, Cancellations cancellations, WorkerContext worker) {
        this.clients = clients;
        this.runner = runner;
        this.cancellations = cancellations;
        this.worker = worker;
        this.trainingThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "training-job"));
    }

    /** The partitions of the job queues this worker holds now. */
    public Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    public String groupId() {
        return clients.groupId();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "job-queue-consumer");
        thread.start();
    }

    private void run() {
        awaitControlTopic();
        try (KafkaConsumer<String, byte[]> jobs = clients.jobConsumer()) {
            consumer = jobs;
            jobs.subscribe(worker.queues(), new Rebalance(jobs));
            log.info("worker {} consumes {} in group {}", worker.workerId(), worker.queues(), groupId());
            try {
                while (running) {
                    poll(jobs);
                }
            } catch (WakeupException e) {
                // stopping
            } finally {
                abandonInFlight();
                assigned = Set.of();
            }
        } catch (RuntimeException e) {
            log.error("the job queue consumer stopped: {}", e.getMessage(), e);
        }
    }

    private void poll(KafkaConsumer<String, byte[]> jobs) {
        var records = jobs.poll(POLL);
        if (inFlight != null) {
            if (inFlight.future.isDone()) {
                finish(jobs);
            }
            return;
        }
        if (retry != null) {
            if (System.nanoTime() >= retry.atNanos) {
                if (jobs.assignment().contains(retry.partition)) {
                    jobs.seek(retry.partition, retry.offset);
                }
                retry = null;
                jobs.resume(jobs.assignment());
            }
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            start(jobs, record);
            return;
        }
    }

    private void start(KafkaConsumer<String, byte[]> jobs, ConsumerRecord<String, byte[]> record) {
        jobs.pause(jobs.assignment());
        String jobId = record.key() == null ? "" : record.key();
        JobControl control = cancellations.register(jobId);
        worker.setCurrentJob(jobId);
        log.info("job {} taken from {}-{}@{}", jobId, record.topic(), record.partition(), record.offset());
        Future<JobOutcome> future = trainingThread.submit(
                () -> runner.run(record, worker.workerId(), worker.device(), worker.gpuCount(), control));
        inFlight = new InFlight(record, control, future);
    }

    private void finish(KafkaConsumer<String, byte[]> jobs) {
        InFlight done = inFlight;
        inFlight = null;
        cancellations.unregister(done.jobId());
        worker.setCurrentJob(null);
        JobOutcome outcome = outcome(done);
        TopicPartition partition = new TopicPartition(done.record.topic(), done.record.partition());
        if (outcome.commit()) {
            try {
                jobs.commitSync(Map.of(partition, new OffsetAndMetadata(done.record.offset() + 1)));
            } catch (KafkaException e) {
                log.warn(
                        "job {}: its offset was not committed ({}); a redelivery announces its outcome again",
                        done.jobId(),
                        e.getMessage());
            }
        } else if (outcome.retryAfter() != null) {
            retry = new Retry(
                    partition,
                    done.record.offset(),
                    System.nanoTime() + outcome.retryAfter().toNanos());
            return;
        } else if (jobs.assignment().contains(partition)) {
            jobs.seek(partition, done.record.offset());
        }
        jobs.resume(jobs.assignment());
    }

    private static JobOutcome outcome(InFlight done) {
        try {
            return done.future.get();
        } catch (Exception e) {
            log.error("job {} ended unexpectedly", done.jobId(), e);
            return JobOutcome.retryAfter(Duration.ofSeconds(5));
        }
    }

    /** Stops the running job without committing it (partition gone, or the worker stops) and waits for it. */
    private void abandonInFlight() {
        InFlight abandoned = inFlight;
        if (abandoned == null) {
            return;
        }
        inFlight = null;
        abandoned.control.abandon();
        try {
            abandoned.future.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("job {} did not stop cleanly: {}", abandoned.jobId(), e.getMessage());
        }
        cancellations.unregister(abandoned.jobId());
        worker.setCurrentJob(null);
    }

    private void awaitControlTopic() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running && !cancellations.caughtUp() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
        }
        KafkaConsumer<String, byte[]> jobs = consumer;
        if (jobs != null) {
            jobs.wakeup();
        }
        if (current != null) {
            try {
                current.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS + 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        trainingThread.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record InFlight(ConsumerRecord<String, byte[]> record, JobControl control, Future<JobOutcome> future) {
        String jobId() {
            return record.key();
        }
    }

    private record Retry(TopicPartition partition, long offset, long atNanos) {}

    /** Runs inside {@code poll} on the consumer thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> jobs;

        Rebalance(KafkaConsumer<String, byte[]> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.removeAll(partitions);
            assigned = Set.copyOf(now);
            if (inFlight != null && partitions.contains(partition(inFlight.record))) {
                log.warn("job {}: its partition was taken away; stopping it without a commit", inFlight.jobId());
                abandonInFlight();
                jobs.resume(jobs.assignment());
            }
            if (retry != null && partitions.contains(retry.partition)) {
                retry = null;
                jobs.resume(jobs.assignment());
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.addAll(partitions);
            assigned = Set.copyOf(now);
            if (inFlight != null || retry != null) {
                jobs.pause(partitions);
            }
        }

        private static TopicPartition partition(ConsumerRecord<?, ?> record) {
            return new TopicPartition(record.topic(), record.partition());
        }
    }
}
