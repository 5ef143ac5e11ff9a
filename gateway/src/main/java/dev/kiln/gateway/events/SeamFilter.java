package dev.kiln.gateway.events;

import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import java.util.LinkedHashSet;
import java.util.UUID;

/**
 * Decides, for one subscriber, which events come after the snapshot it was sent: none the snapshot already shows,
 * none missing. The registry's snapshot reflects a prefix of the job's events (it reads the same ordered partition),
 * and the events arrive in that same order (recent history, then live), so the stream needs only the point where the
 * snapshot's prefix ends. Events carry no per-job sequence number and the job resource no offset, so the point is
 * found from what the snapshot shows:
 *
 * <ul>
 *   <li>{@code TrainingJobStarted(attempt a)} is in the snapshot when its attempt is ≥ a.
 *   <li>{@code EpochCompleted(n)} is in the snapshot when it holds epoch n with the same train loss and seconds (the
 *       registry keeps the event's exact figures; a resumed attempt's re-run of epoch n differs).
 *   <li>A retryable {@code TrainingJobFailed(attempt a)} is in it when its attempt is > a, or = a and the job is
 *       QUEUED with that attempt's error.
 *   <li>A terminal event is in it only when the snapshot is terminal (and then nothing follows the snapshot).
 * </ul>
 *
 * The first state-changing event not in the snapshot crosses the seam: it and everything after it is sent. Before
 * the seam, events that change no state the snapshot shows are sent when they are newer than its last epoch
 * ({@code BatchProgress} of epoch n when n is past the snapshot's last epoch, {@code CheckpointSaved} from its last
 * epoch on), since the snapshot cannot have included them. Anything is sent at most once (by {@code event_id}).
 */
final class SeamFilter {
    private static final int REMEMBERED_IDS = 4_096;

    private final LinkedHashSet<UUID> seen = new LinkedHashSet<>();
    private JobSnapshot snapshot;
    private boolean crossed;

    SeamFilter(JobSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Starts over from a fresh snapshot (after a resync). */
    void reset(JobSnapshot fresh) {
        this.snapshot = fresh;
        this.crossed = false;
    }

    /** Whether the subscriber gets this event. */
    boolean admit(JobEvent event) {
        if (!remember(event.eventId())) {
            return false;
        }
        if (crossed) {
            return true;
        }
        if (snapshot.terminal() || inSnapshot(event)) {
            return false;
        }
        if (event instanceof BatchProgress progress) {
            return progress.epoch() > snapshot.lastEpoch();
        }
        if (event instanceof CheckpointSaved checkpoint) {
            return checkpoint.epoch() >= snapshot.lastEpoch();
        }
        crossed = true;
        return true;
    }

    private boolean inSnapshot(JobEvent event) {
        if (event instanceof TrainingJobStarted started) {
            return started.attempt() <= snapshot.attempt();
        }
        if (event instanceof EpochCompleted epoch) {
            JobSnapshot.EpochFigures figures = snapshot.epochs().get(epoch.epoch());
            return figures != null
                    && Double.compare(figures.trainLoss(), epoch.trainLoss()) == 0
                    && Double.compare(figures.seconds(), epoch.seconds()) == 0;
        }
        if (event instanceof TrainingJobFailed failed && failed.retryable()) {
            return failed.attempt() < snapshot.attempt()
                    || (failed.attempt() == snapshot.attempt()
                            && snapshot.status().equals("QUEUED")
                            && snapshot.hasError());
        }
        return false;
    }

    private boolean remember(UUID id) {
        if (!seen.add(id)) {
            return false;
        }
        if (seen.size() > REMEMBERED_IDS) {
            seen.remove(seen.iterator().next());
        }
        return true;
    }
}
