package dev.kiln.contracts.events;

/**
 * An event of one training job, keyed by its job id on Kafka so that a job's events stay in order. Requests go to
 * {@code training-jobs-{cpu,gpu}}, cancellations to {@code training-job-control}, everything else to
 * {@code training-job-events}.
 */
public sealed interface JobEvent extends KilnEvent
        permits TrainingJobRequested,
                TrainingJobCancelRequested,
                TrainingJobStarted,
                EpochCompleted,
                BatchProgress,
                CheckpointSaved,
                TrainingJobSucceeded,
                TrainingJobFailed,
                TrainingJobCancelled {

    /** The job this event belongs to (the Kafka key). */
    String jobId();
}
