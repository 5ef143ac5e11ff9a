package dev.kiln.contracts;

import java.util.List;
import java.util.stream.Stream;

/**
 * Kafka topic names, defined once for every service.
 *
 * <p>All events of one aggregate go to one topic keyed by its id (job id, model name, worker id), so their order
 * holds per aggregate. Records that failed processing too often go to the topic's dead-letter topic, see
 * {@link #deadLetter(String)}.
 */
public final class Topics {
    /** {@code TrainingJobRequested} for jobs that run on CPU workers; key: job id. */
    public static final String TRAINING_JOBS_CPU = "training-jobs-cpu";

    /** {@code TrainingJobRequested} for jobs that need (or prefer) a GPU worker; key: job id. */
    public static final String TRAINING_JOBS_GPU = "training-jobs-gpu";

    /** {@code TrainingJobCancelRequested}; every worker sees every control event; key: job id. */
    public static final String TRAINING_JOB_CONTROL = "training-job-control";

    /** Progress and outcome of training jobs ({@code TrainingJobStarted} … {@code TrainingJobCancelled}); key: job id. */
    public static final String TRAINING_JOB_EVENTS = "training-job-events";

    /** {@code ModelVersionRegistered}, {@code ModelAliasChanged}, {@code ModelVersionDeleted}; key: model name. */
    public static final String MODEL_EVENTS = "model-events";

    /** {@code WorkerHeartbeat}, compacted; key: worker id. */
    public static final String WORKER_HEARTBEATS = "worker-heartbeats";

    /** Suffix of dead-letter topics. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private static final List<String> ALL = List.of(
            TRAINING_JOBS_CPU,
            TRAINING_JOBS_GPU,
            TRAINING_JOB_CONTROL,
            TRAINING_JOB_EVENTS,
            MODEL_EVENTS,
            WORKER_HEARTBEATS);

    private Topics() {}

    /**
     * The dead-letter topic of a topic: {@code topic + "-dlt"}.
     *
     * @throws IllegalArgumentException if the topic is null or blank
     */
    public static String deadLetter(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic name is required to build its dead-letter topic");
        }
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** The six main topics (without dead-letter topics), in a fixed order. */
    public static List<String> all() {
        return ALL;
    }

    /** The six main topics followed by their dead-letter topics. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream()
                .flatMap(topic -> Stream.of(topic, deadLetter(topic)))
                .toList();
    }
}
