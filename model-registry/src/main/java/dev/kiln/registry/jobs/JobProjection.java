package dev.kiln.registry.jobs;

import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.registry.models.ModelRegistration;
import dev.kiln.registry.models.TrainedModel;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each job's state, epochs and outcome in PostgreSQL from its events. Idempotent: an event id seen before
 * changes nothing. Order-tolerant: an event of a job not heard of yet creates it (QUEUED, request fields empty),
 * and the {@code TrainingJobRequested} that arrives later fills the request in without moving the status (see
 * {@link JobTransitions} for how statuses move).
 */
@Service
class JobProjection {
    private final JobRepository jobs;
    private final ModelRegistration registration;

    JobProjection(JobRepository jobs, ModelRegistration registration) {
        this.jobs = jobs;
        this.registration = registration;
    }

    /** Applies one event; false if it was applied before. */
    @Transactional
    public boolean apply(JobEvent event) {
        if (!jobs.markProcessed(event.eventId(), event.type())) {
            return false;
        }
        String jobId = event.jobId();
        jobs.ensureExists(jobId);
        JobState current = jobs.lockState(jobId);
        if (event instanceof TrainingJobRequested requested) {
            jobs.fillRequest(requested);
            registration.backfillLineage(
                    jobId,
                    requested.dataset(),
                    jobs.lineage(jobId)
                            .map(JobRepository.Lineage::hyperparametersJson)
                            .orElse(null));
        } else if (event instanceof EpochCompleted epoch) {
            jobs.upsertEpoch(epoch);
        } else if (event instanceof TrainingJobSucceeded succeeded) {
            jobs.rememberRegisterAs(jobId, succeeded.registerAs());
        }
        JobState next = JobTransitions.next(current, event);
        if (!next.equals(current)) {
            jobs.saveState(jobId, next);
        }
        return true;
    }

    /** What a successful job registers, or empty when it names no model. */
    @Transactional(readOnly = true)
    public Optional<TrainedModel> trainedModel(TrainingJobSucceeded e) {
        Optional<String> model = Optional.ofNullable(e.registerAs()).or(() -> jobs.registerAs(e.jobId()));
        return model.map(name -> {
            Optional<JobRepository.Lineage> lineage = jobs.lineage(e.jobId());
            return new TrainedModel(
                    e.jobId(),
                    name,
                    lineage.map(JobRepository.Lineage::dataset).orElse(null),
                    lineage.map(JobRepository.Lineage::hyperparametersJson).orElse(null),
                    e.worker(),
                    e.device(),
                    e.testAccuracy(),
                    e.testLoss(),
                    e.artifacts());
        });
    }
}
