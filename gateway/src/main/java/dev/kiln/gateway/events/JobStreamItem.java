package dev.kiln.gateway.events;

import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import tools.jackson.databind.JsonNode;

/** One item of a live job stream: the job's state, one of its events, or a note that events were dropped. */
public sealed interface JobStreamItem {
    /** Whether nothing follows this item for its job. */
    boolean terminal();

    /**
     * The job's state as the registry has it (the REST job resource), sent first and after a resync.
     *
     * @param job the job resource
     */
    record Snapshot(JsonNode job) implements JobStreamItem {
        @Override
        public boolean terminal() {
            String status = job.path("status").asString("");
            return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
        }
    }

    /**
     * An event of {@code training-job-events}.
     *
     * @param event the event
     * @param json its JSON (EventCodec), encoded once for every subscriber
     */
    record Event(JobEvent event, String json) implements JobStreamItem {
        @Override
        public boolean terminal() {
            return event instanceof TrainingJobSucceeded
                    || event instanceof TrainingJobCancelled
                    || (event instanceof TrainingJobFailed failed && !failed.retryable());
        }
    }

    /**
     * This subscriber read too slowly and the oldest of its buffered events were dropped; a per-job stream answers
     * it with a fresh snapshot, the all-jobs stream passes it on (the dashboard then reloads).
     *
     * @param dropped how many events were dropped
     */
    record Resync(long dropped) implements JobStreamItem {
        @Override
        public boolean terminal() {
            return false;
        }
    }
}
