package dev.kiln.training.worker;

import dev.kiln.training.job.JobControl;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The jobs someone asked to cancel (every control event this worker has read, the most recent 100,000) and the
 * controls of the job running here, so a cancel stops a running job and a cancelled job that arrives later never
 * starts.
 */
@Component
class Cancellations {
    private static final int REMEMBERED = 100_000;

    private final Map<String, String> cancelled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final Map<String, JobControl> running = new HashMap<>();
    private volatile boolean caughtUp;

    synchronized void cancelRequested(String jobId, String reason) {
        String why = reason == null || reason.isBlank() ? "cancelled on request" : reason;
        cancelled.put(jobId, why);
        JobControl control = running.get(jobId);
        if (control != null) {
            control.cancel(why);
        }
    }

    /** A control for a job about to run, already cancelled if the job was. */
    synchronized JobControl register(String jobId) {
        JobControl control = new JobControl();
        String reason = cancelled.get(jobId);
        if (reason != null) {
            control.cancel(reason);
        }
        running.put(jobId, control);
        return control;
    }

    synchronized void unregister(String jobId) {
        running.remove(jobId);
    }

    /** Whether the control topic has been read up to where it was when this worker started. */
    boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }
}
