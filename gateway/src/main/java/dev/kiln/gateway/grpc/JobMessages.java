package dev.kiln.gateway.grpc;

import com.google.protobuf.Timestamp;
import dev.kiln.contracts.events.BatchProgress;
import dev.kiln.contracts.events.CheckpointSaved;
import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.JobEvent;
import dev.kiln.contracts.events.TrainingJobCancelled;
import dev.kiln.contracts.events.TrainingJobFailed;
import dev.kiln.contracts.events.TrainingJobStarted;
import dev.kiln.contracts.events.TrainingJobSucceeded;
import dev.kiln.contracts.jobs.v1.EpochMetrics;
import dev.kiln.contracts.jobs.v1.Hyperparameters;
import dev.kiln.contracts.jobs.v1.Job;
import dev.kiln.contracts.jobs.v1.JobStatus;
import dev.kiln.contracts.jobs.v1.ModelVersionRef;
import dev.kiln.contracts.jobs.v1.Resources;
import dev.kiln.contracts.jobs.v1.SubmitJobRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The REST job resource (snake_case JSON) to {@code kiln.v1} messages and back; same field names on both sides. */
final class JobMessages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JobMessages() {}

    /** The REST body of {@code POST /api/v1/jobs} for a SubmitJob request. */
    static ObjectNode submitBody(SubmitJobRequest request) {
        ObjectNode body = NODES.objectNode();
        putText(body, "name", request.getName());
        putText(body, "dataset", request.getDataset());
        if (request.hasModel()) {
            body.set("model", JsonStructs.toJson(request.getModel()));
        }
        if (request.hasHyperparameters()) {
            Hyperparameters h = request.getHyperparameters();
            ObjectNode hp = NODES.objectNode();
            if (h.hasEpochs()) {
                hp.put("epochs", h.getEpochs());
            }
            if (h.hasBatchSize()) {
                hp.put("batch_size", h.getBatchSize());
            }
            if (h.hasOptimizer()) {
                hp.put("optimizer", h.getOptimizer());
            }
            if (h.hasLearningRate()) {
                hp.put("learning_rate", h.getLearningRate());
            }
            if (h.hasSeed()) {
                hp.put("seed", h.getSeed());
            }
            if (h.hasValidationFraction()) {
                hp.put("validation_fraction", h.getValidationFraction());
            }
            body.set("hyperparameters", hp);
        }
        if (request.hasResources() && !request.getResources().getDevice().isEmpty()) {
            body.set(
                    "resources",
                    NODES.objectNode().put("device", request.getResources().getDevice()));
        }
        putText(body, "register_as", request.getRegisterAs());
        return body;
    }

    static Job job(JsonNode json) {
        Job.Builder job = Job.newBuilder()
                .setId(text(json, "id"))
                .setName(text(json, "name"))
                .setStatus(status(text(json, "status")))
                .setDataset(text(json, "dataset"))
                .setRegisterAs(text(json, "register_as"))
                .setWorker(text(json, "worker"))
                .setDevice(text(json, "device"))
                .setAttempt(json.path("attempt").asInt(0))
                .setError(text(json, "error"))
                .setErrorCode(text(json, "error_code"))
                .setQueue(text(json, "queue"));
        if (json.path("model").isObject()) {
            job.setModel(JsonStructs.toStruct(json.get("model")));
        }
        JsonNode hp = json.path("hyperparameters");
        if (hp.isObject()) {
            Hyperparameters.Builder h = Hyperparameters.newBuilder();
            if (hp.path("epochs").isNumber()) {
                h.setEpochs(hp.get("epochs").asInt());
            }
            if (hp.path("batch_size").isNumber()) {
                h.setBatchSize(hp.get("batch_size").asInt());
            }
            if (hp.path("optimizer").isString()) {
                h.setOptimizer(hp.get("optimizer").asString());
            }
            if (hp.path("learning_rate").isNumber()) {
                h.setLearningRate(hp.get("learning_rate").asDouble());
            }
            if (hp.path("seed").isNumber()) {
                h.setSeed(hp.get("seed").asLong());
            }
            if (hp.path("validation_fraction").isNumber()) {
                h.setValidationFraction(hp.get("validation_fraction").asDouble());
            }
            job.setHyperparameters(h);
        }
        if (json.path("resources").path("device").isString()) {
            job.setResources(Resources.newBuilder()
                    .setDevice(json.path("resources").path("device").asString()));
        }
        for (JsonNode epoch : json.path("epochs")) {
            job.addEpochs(epoch(epoch));
        }
        if (json.path("test_accuracy").isNumber()) {
            job.setTestAccuracy(json.get("test_accuracy").asDouble());
        }
        if (json.path("test_loss").isNumber()) {
            job.setTestLoss(json.get("test_loss").asDouble());
        }
        JsonNode version = json.path("model_version");
        if (version.isObject()) {
            job.setModelVersion(ModelVersionRef.newBuilder()
                    .setName(text(version, "name"))
                    .setVersion(version.path("version").asInt()));
        }
        timestamp(json, "created_at").ifPresent(job::setCreatedAt);
        timestamp(json, "started_at").ifPresent(job::setStartedAt);
        timestamp(json, "finished_at").ifPresent(job::setFinishedAt);
        return job.build();
    }

    static dev.kiln.contracts.jobs.v1.JobEvent event(JobEvent event) {
        dev.kiln.contracts.jobs.v1.JobEvent.Builder message = dev.kiln.contracts.jobs.v1.JobEvent.newBuilder()
                .setEventId(event.eventId().toString())
                .setType(event.type())
                .setOccurredAt(timestamp(event.occurredAt()))
                .setJobId(event.jobId());
        if (event instanceof TrainingJobStarted e) {
            message.setStarted(dev.kiln.contracts.jobs.v1.TrainingJobStarted.newBuilder()
                    .setWorker(orEmpty(e.worker()))
                    .setDevice(orEmpty(e.device()))
                    .setAttempt(e.attempt())
                    .setResumedFromEpoch(e.resumedFromEpoch()));
        } else if (event instanceof EpochCompleted e) {
            EpochMetrics.Builder metrics = EpochMetrics.newBuilder()
                    .setEpoch(e.epoch())
                    .setTrainLoss(e.trainLoss())
                    .setTrainAccuracy(e.trainAccuracy())
                    .setSamplesPerSecond(e.samplesPerSecond())
                    .setSeconds(e.seconds());
            if (e.valLoss() != null) {
                metrics.setValLoss(e.valLoss());
            }
            if (e.valAccuracy() != null) {
                metrics.setValAccuracy(e.valAccuracy());
            }
            message.setEpochCompleted(
                    dev.kiln.contracts.jobs.v1.EpochCompleted.newBuilder().setMetrics(metrics));
        } else if (event instanceof BatchProgress e) {
            message.setBatchProgress(dev.kiln.contracts.jobs.v1.BatchProgress.newBuilder()
                    .setEpoch(e.epoch())
                    .setBatch(e.batch())
                    .setBatchesPerEpoch(e.batchesPerEpoch())
                    .setLoss(e.loss())
                    .setAccuracy(e.accuracy())
                    .setSamplesPerSecond(e.samplesPerSecond()));
        } else if (event instanceof CheckpointSaved e) {
            message.setCheckpointSaved(dev.kiln.contracts.jobs.v1.CheckpointSaved.newBuilder()
                    .setEpoch(e.epoch())
                    .setUri(orEmpty(e.uri())));
        } else if (event instanceof TrainingJobSucceeded e) {
            message.setSucceeded(dev.kiln.contracts.jobs.v1.TrainingJobSucceeded.newBuilder()
                    .setWorker(orEmpty(e.worker()))
                    .setDevice(orEmpty(e.device()))
                    .setTestAccuracy(e.testAccuracy())
                    .setTestLoss(e.testLoss())
                    .setRegisterAs(orEmpty(e.registerAs())));
        } else if (event instanceof TrainingJobFailed e) {
            message.setFailed(dev.kiln.contracts.jobs.v1.TrainingJobFailed.newBuilder()
                    .setError(orEmpty(e.error()))
                    .setErrorCode(orEmpty(e.errorCode()))
                    .setAttempt(e.attempt())
                    .setRetryable(e.retryable()));
        } else if (event instanceof TrainingJobCancelled e) {
            message.setCancelled(
                    dev.kiln.contracts.jobs.v1.TrainingJobCancelled.newBuilder().setReason(orEmpty(e.reason())));
        }
        return message.build();
    }

    static JobStatus status(String status) {
        try {
            return status == null || status.isEmpty() ? JobStatus.JOB_STATUS_UNSPECIFIED : JobStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return JobStatus.JOB_STATUS_UNSPECIFIED;
        }
    }

    private static EpochMetrics epoch(JsonNode epoch) {
        EpochMetrics.Builder metrics = EpochMetrics.newBuilder()
                .setEpoch(epoch.path("epoch").asInt())
                .setTrainLoss(epoch.path("train_loss").asDouble())
                .setTrainAccuracy(epoch.path("train_accuracy").asDouble())
                .setSamplesPerSecond(epoch.path("samples_per_second").asDouble())
                .setSeconds(epoch.path("seconds").asDouble());
        if (epoch.path("val_loss").isNumber()) {
            metrics.setValLoss(epoch.get("val_loss").asDouble());
        }
        if (epoch.path("val_accuracy").isNumber()) {
            metrics.setValAccuracy(epoch.get("val_accuracy").asDouble());
        }
        return metrics.build();
    }

    private static java.util.Optional<Timestamp> timestamp(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isString()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(timestamp(Instant.parse(value.asString())));
        } catch (DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void putText(ObjectNode body, String field, String value) {
        if (value != null && !value.isEmpty()) {
            body.put(field, value);
        }
    }
}
