package dev.kiln.training.job;

import ai.djl.Device;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.Hyperparameters;
import dev.kiln.contracts.events.Resources;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelTemplates;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.training.artifacts.ArtifactStore;
import dev.kiln.training.artifacts.ExportRequest;
import dev.kiln.training.config.TrainingProperties;
import dev.kiln.training.data.DatasetDescriptor;
import dev.kiln.training.data.DatasetException;
import dev.kiln.training.data.DatasetLoader;
import dev.kiln.training.engine.Checkpoint;
import dev.kiln.training.engine.DeviceChoice;
import dev.kiln.training.engine.DeviceUnavailableException;
import dev.kiln.training.engine.EpochMetrics;
import dev.kiln.training.engine.Evaluation;
import dev.kiln.training.engine.TrainingCancelledException;
import dev.kiln.training.engine.TrainingRun;
import dev.kiln.training.events.JobEventPublisher;
import dev.kiln.training.events.ProgressThrottle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trains one attempt of a job: checks it, resumes from its checkpoint if it has one, trains epoch by epoch
 * (publishing progress and saving a checkpoint after each), tests and exports the model.
 */
@Component
class JobTraining {
    private static final Logger log = LoggerFactory.getLogger(JobTraining.class);

    private final DatasetLoader datasets;
    private final CheckpointStore checkpoints;
    private final ArtifactStore artifacts;
    private final JobEventPublisher events;
    private final TrainingProperties properties;

    JobTraining(
            DatasetLoader datasets,
            CheckpointStore checkpoints,
            ArtifactStore artifacts,
            JobEventPublisher events,
            TrainingProperties properties) {
        this.datasets = datasets;
        this.checkpoints = checkpoints;
        this.artifacts = artifacts;
        this.events = events;
        this.properties = properties;
    }

    /**
     * @throws JobFailure when the job cannot succeed as submitted
     * @throws TrainingCancelledException when it was stopped through its control
     */
    TrainingJobSucceeded train(TrainingJobRequested job, JobState state, Worker worker, JobControl control) {
        String jobId = job.jobId();
        DatasetDescriptor dataset = describe(job);
        InferredModel model = model(job, dataset);
        Hyperparameters hyperparameters = hyperparameters(job);
        List<Device> devices = devices(job, worker);
        String device = DeviceChoice.label(devices);
        Optional<Checkpoint> checkpoint = checkpoints.latest(state);
        int resumed = checkpoint.map(Checkpoint::epoch).orElse(0);
        events.publishAndWait(TrainingJobStarted.of(jobId, worker.id(), device, state.attempt(), resumed));
        log.info(
                "job {} attempt {} on {}: {} epochs of {} from epoch {}",
                jobId,
                state.attempt(),
                device,
                hyperparameters.epochs(),
                dataset.name(),
                resumed + 1);

        DatasetLoader.Dataset data = load(dataset);
        try (TrainingRun run = start(model, hyperparameters, devices, data)) {
            List<EpochMetrics> history = new ArrayList<>();
            checkpoint.ifPresent(c -> {
                run.restore(c);
                history.addAll(c.history());
            });
            ProgressThrottle progress = new ProgressThrottle(jobId, events, properties.progressInterval());
            for (int epoch = resumed + 1; epoch <= hyperparameters.epochs(); epoch++) {
                EpochMetrics m = run.trainEpoch(epoch, progress, control::stopRequested);
                history.add(m);
                log.info(
                        "job {} epoch {}: train loss {} accuracy {}, validation accuracy {}, {} samples/s, {} s",
                        jobId,
                        epoch,
                        String.format("%.4f", m.trainLoss()),
                        String.format("%.4f", m.trainAccuracy()),
                        m.valAccuracy() == null ? "-" : String.format("%.4f", m.valAccuracy()),
                        Math.round(m.samplesPerSecond()),
                        String.format("%.1f", m.seconds()));
                events.publish(EpochCompleted.of(
                        jobId,
                        epoch,
                        m.trainLoss(),
                        m.trainAccuracy(),
                        m.valLoss(),
                        m.valAccuracy(),
                        m.samplesPerSecond(),
                        m.seconds()));
                String uri = checkpoints.save(jobId, run.checkpoint(epoch, history));
                events.publish(CheckpointSaved.of(jobId, epoch, uri));
            }
            if (control.stopRequested()) {
                throw new TrainingCancelledException(hyperparameters.epochs(), 0);
            }
            Evaluation test = run.evaluateTest();
            List<dev.kiln.contracts.events.Artifact> files = artifacts.export(new ExportRequest(
                    jobId,
                    dataset.name(),
                    model,
                    run.stateDict(),
                    dataset.classNames(),
                    run.normalization(),
                    hyperparameters,
                    device,
                    history,
                    test,
                    job.registerAs()));
            return TrainingJobSucceeded.of(
                    jobId, worker.id(), device, test.accuracy(), test.loss(), files, job.registerAs());
        }
    }

    private DatasetDescriptor describe(TrainingJobRequested job) {
        if (job.dataset() == null || job.dataset().isBlank()) {
            throw new JobFailure("INVALID_ARGUMENT", "the job names no data set; give \"dataset\"", null);
        }
        try {
            return datasets.describe(job.dataset());
        } catch (DatasetException | IllegalArgumentException e) {
            throw new JobFailure("FAILED_PRECONDITION", e.getMessage(), e);
        }
    }

    private static InferredModel model(TrainingJobRequested job, DatasetDescriptor dataset) {
        try {
            ModelSpec spec =
                    ModelTemplates.resolve(job.model(), dataset.name(), dataset.inputShape(), dataset.numClasses());
            return ShapeInference.infer(spec);
        } catch (InvalidModelSpecException e) {
            throw new JobFailure(
                    "INVALID_ARGUMENT", "the model spec cannot work: " + e.getMessage() + " (" + e.field() + ")", e);
        }
    }

    private static Hyperparameters hyperparameters(TrainingJobRequested job) {
        Hyperparameters hyperparameters =
                job.hyperparameters() == null ? Hyperparameters.defaults() : job.hyperparameters();
        if (!hyperparameters.validationErrors().isEmpty()) {
            throw new JobFailure("INVALID_ARGUMENT", String.join("; ", hyperparameters.validationErrors()), null);
        }
        return hyperparameters;
    }

    private static List<Device> devices(TrainingJobRequested job, Worker worker) {
        String wanted =
                job.resources() == null ? Resources.AUTO : job.resources().deviceOrDefault();
        try {
            return DeviceChoice.devicesFor(wanted, worker.device(), worker.gpuCount());
        } catch (DeviceUnavailableException e) {
            throw new JobFailure("FAILED_PRECONDITION", e.getMessage(), e);
        }
    }

    private static TrainingRun start(
            InferredModel model, Hyperparameters hyperparameters, List<Device> devices, DatasetLoader.Dataset data) {
        try {
            return TrainingRun.start(model, hyperparameters, devices, data.train(), data.test());
        } catch (IllegalArgumentException e) {
            throw new JobFailure("INVALID_ARGUMENT", "the job cannot be trained as submitted: " + e.getMessage(), e);
        }
    }

    private DatasetLoader.Dataset load(DatasetDescriptor dataset) {
        try {
            return datasets.load(dataset);
        } catch (DatasetException e) {
            throw new JobFailure(
                    "FAILED_PRECONDITION", "data set '" + dataset.name() + "' cannot be used: " + e.getMessage(), e);
        }
    }

    /** The worker as a job sees it. */
    record Worker(String id, String device, int gpuCount) {}
}
