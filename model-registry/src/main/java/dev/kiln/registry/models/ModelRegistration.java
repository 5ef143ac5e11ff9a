package dev.kiln.registry.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.ModelVersionRegistered;
import dev.kiln.registry.config.JsonColumns;
import dev.kiln.registry.outbox.Outbox;
import dev.kiln.registry.storage.ObjectStore;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a successful job into the next version of the model it names, once per job however often the success is
 * delivered: (1) in a short transaction, lock the model, return the job's version if it has one, else take the next
 * number and insert it as PENDING_REGISTRATION; (2) outside any transaction, copy and verify the artifacts;
 * (3) in a second transaction, end the registration as READY or FAILED_REGISTRATION with the reason, record the
 * artifacts, signature and labels, and append {@code ModelVersionRegistered} to the outbox. A crash between the steps
 * leaves a pending version that the redelivered event finishes.
 */
@Service
public class ModelRegistration {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistration.class);

    private final VersionStore versions;
    private final ArtifactCopier copier;
    private final ObjectStore store;
    private final Outbox outbox;
    private final JsonColumns json;
    private final TransactionTemplate transactions;

    ModelRegistration(
            VersionStore versions,
            ArtifactCopier copier,
            ObjectStore store,
            Outbox outbox,
            JsonColumns json,
            TransactionTemplate transactions) {
        this.versions = versions;
        this.copier = copier;
        this.store = store;
        this.outbox = outbox;
        this.json = json;
        this.transactions = transactions;
    }

    /** Registers the job's model version (or returns the one already registered); empty if the name is unusable. */
    public Optional<RegisteredVersion> registerTrainedModel(TrainedModel t) {
        try {
            StorageLayout.requireValidName("register_as", t.model());
        } catch (IllegalArgumentException e) {
            log.warn("job {} succeeded but its model cannot be registered: {}", t.jobId(), e.getMessage());
            return Optional.empty();
        }
        VersionStore.Reservation reservation =
                transactions.execute(status -> versions.versionOfJob(t.jobId()).orElseGet(() -> reserve(t)));
        if (reservation.status() != VersionStatus.PENDING_REGISTRATION) {
            return Optional.of(new RegisteredVersion(reservation.model(), reservation.version(), reservation.status()));
        }
        CopyOutcome outcome = copier.copy(t.jobId(), reservation.model(), reservation.version(), t.artifacts());
        VersionStore.Completion completion = complete(outcome, t);
        if (completion.status() == VersionStatus.FAILED_REGISTRATION) {
            log.warn(
                    "job {}: version {} of {} failed registration: {}",
                    t.jobId(),
                    reservation.version(),
                    reservation.model(),
                    completion.message());
        }
        return Optional.of(finish(reservation, completion, t.jobId()));
    }

    /** Fills the data set and hyperparameters of a version registered before its job's request was seen. */
    public void backfillLineage(String jobId, String dataset, String hyperparametersJson) {
        versions.backfillLineage(jobId, dataset, hyperparametersJson);
    }

    /** Takes the next version number of a model (created if new) for an imported model, as PENDING_REGISTRATION. */
    VersionStore.Reservation reserveImport(String model) {
        return transactions.execute(status -> {
            long modelId = versions.lockOrCreateModel(model);
            int number = versions.nextVersionNumber(modelId);
            long id = versions.insertPendingVersion(
                    modelId, number, new VersionStore.NewVersion(null, null, null, null, null, "import"));
            return new VersionStore.Reservation(id, modelId, model, number, VersionStatus.PENDING_REGISTRATION);
        });
    }

    private VersionStore.Reservation reserve(TrainedModel t) {
        long modelId = versions.lockOrCreateModel(t.model());
        // Under the model's lock: a concurrent delivery of the same success has committed by now, if at all.
        Optional<VersionStore.Reservation> existing = versions.versionOfJob(t.jobId());
        if (existing.isPresent()) {
            return existing.get();
        }
        int number = versions.nextVersionNumber(modelId);
        long id = versions.insertPendingVersion(
                modelId,
                number,
                new VersionStore.NewVersion(
                        t.jobId(), t.dataset(), t.hyperparametersJson(), t.worker(), t.device(), "training"));
        return new VersionStore.Reservation(id, modelId, t.model(), number, VersionStatus.PENDING_REGISTRATION);
    }

    private VersionStore.Completion complete(CopyOutcome outcome, TrainedModel t) {
        if (!outcome.ok()) {
            return failed(outcome.failure());
        }
        ModelDescription description;
        try {
            description = ModelDescription.fromSpecJson(outcome.specJson());
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        }
        ObjectNode metrics = json.mapper().createObjectNode();
        if (outcome.metricsJson() != null) {
            try {
                JsonNode file = json.mapper().readTree(outcome.metricsJson());
                if (file.isObject()) {
                    metrics.setAll((ObjectNode) file);
                }
            } catch (RuntimeException e) {
                log.warn("job {}: metrics.json is not valid JSON, keeping only the test metrics", t.jobId());
            }
        }
        metrics.put("test_accuracy", t.testAccuracy());
        metrics.put("test_loss", t.testLoss());
        return new VersionStore.Completion(
                VersionStatus.READY,
                null,
                json.write(description.signature()),
                json.write(description.labels()),
                json.write(description.normalization()),
                json.write(metrics),
                outcome.artifacts());
    }

    static VersionStore.Completion failed(String reason) {
        return new VersionStore.Completion(
                VersionStatus.FAILED_REGISTRATION, reason, null, null, null, null, List.of());
    }

    /** Ends a pending registration and announces it after commit. */
    RegisteredVersion finish(VersionStore.Reservation r, VersionStore.Completion c, String jobId) {
        if (c.status() == VersionStatus.FAILED_REGISTRATION) {
            store.deletePrefix(StorageLayout.modelVersionPrefix(r.model(), r.version()));
        }
        Boolean finished = transactions.execute(status -> {
            versions.lockModel(r.model());
            if (!versions.finish(r.versionId(), c)) {
                return false;
            }
            versions.insertArtifacts(r.versionId(), c.artifacts());
            outbox.append(
                    Topics.MODEL_EVENTS,
                    r.model(),
                    ModelVersionRegistered.of(
                            r.model(), r.version(), jobId, c.status().name()));
            return true;
        });
        return new RegisteredVersion(
                r.model(), r.version(), Boolean.TRUE.equals(finished) ? c.status() : currentStatus(jobId, r));
    }

    private VersionStatus currentStatus(String jobId, VersionStore.Reservation r) {
        return jobId == null
                ? r.status()
                : versions.versionOfJob(jobId)
                        .map(VersionStore.Reservation::status)
                        .orElse(r.status());
    }
}
