package dev.kiln.registry.jobs;

import dev.kiln.contracts.events.EpochCompleted;
import dev.kiln.contracts.events.TrainingJobRequested;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.registry.config.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The job projection's writes: processed event ids, job rows and their epochs. */
@Repository
class JobRepository {
    private final JdbcClient jdbc;
    private final JsonColumns json;

    JobRepository(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records an event id; false when it was recorded before (a redelivery). */
    boolean markProcessed(UUID eventId, String type) {
        return jdbc.sql("insert into processed_events (event_id, event_type) values (:id, :type)"
                                + " on conflict (event_id) do nothing")
                        .param("id", eventId)
                        .param("type", type)
                        .update()
                == 1;
    }

    /** Creates a placeholder row (QUEUED, request fields null) for a job heard of for the first time. */
    void ensureExists(String jobId) {
        jdbc.sql("insert into training_jobs (job_id, status) values (:jobId, 'QUEUED') on conflict (job_id) do nothing")
                .param("jobId", jobId)
                .update();
    }

    /** The job's state, with its row locked until the transaction ends. */
    JobState lockState(String jobId) {
        return jdbc.sql("select status, attempt, worker, device, error, error_code, started_at, finished_at,"
                        + " test_accuracy, test_loss from training_jobs where job_id = :jobId for update")
                .param("jobId", jobId)
                .query((rs, n) -> new JobState(
                        JobStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempt"),
                        rs.getString("worker"),
                        rs.getString("device"),
                        rs.getString("error"),
                        rs.getString("error_code"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        (Double) rs.getObject("test_accuracy"),
                        (Double) rs.getObject("test_loss")))
                .single();
    }

    void saveState(String jobId, JobState s) {
        jdbc.sql("update training_jobs set status = :status, attempt = :attempt, worker = :worker, device = :device,"
                        + " error = :error, error_code = :errorCode, started_at = :startedAt,"
                        + " finished_at = :finishedAt, test_accuracy = :testAccuracy, test_loss = :testLoss,"
                        + " updated_at = now() where job_id = :jobId")
                .param("status", s.status().name())
                .param("attempt", s.attempt())
                .param("worker", s.worker())
                .param("device", s.device())
                .param("error", s.error())
                .param("errorCode", s.errorCode())
                .param("startedAt", timestamp(s.startedAt()))
                .param("finishedAt", timestamp(s.finishedAt()))
                .param("testAccuracy", s.testAccuracy())
                .param("testLoss", s.testLoss())
                .param("jobId", jobId)
                .update();
    }

    /** Fills in what was asked for; the request's time becomes the job's creation time. Status is left alone. */
    void fillRequest(TrainingJobRequested e) {
        jdbc.sql("update training_jobs set name = :name, dataset = :dataset, model_spec = cast(:model as jsonb),"
                        + " hyperparameters = cast(:hyperparameters as jsonb), resources = cast(:resources as jsonb),"
                        + " register_as = coalesce(:registerAs, register_as), created_at = :createdAt,"
                        + " updated_at = now() where job_id = :jobId")
                .param("name", e.name())
                .param("dataset", e.dataset())
                .param("model", e.model() == null ? null : ModelSpecJson.toJson(e.model()))
                .param("hyperparameters", json.write(e.hyperparameters()))
                .param("resources", json.write(e.resources()))
                .param("registerAs", e.registerAs())
                .param("createdAt", timestamp(e.occurredAt()))
                .param("jobId", e.jobId())
                .update();
    }

    void rememberRegisterAs(String jobId, String registerAs) {
        if (registerAs != null) {
            jdbc.sql("update training_jobs set register_as = coalesce(register_as, :registerAs) where job_id = :jobId")
                    .param("registerAs", registerAs)
                    .param("jobId", jobId)
                    .update();
        }
    }

    /** Records an epoch; a later report of the same epoch (after a resumed attempt) replaces it. */
    void upsertEpoch(EpochCompleted e) {
        jdbc.sql("insert into training_job_epochs (job_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy,"
                        + " samples_per_second, seconds) select id, :epoch, :trainLoss, :trainAccuracy, :valLoss,"
                        + " :valAccuracy, :sps, :seconds from training_jobs where job_id = :jobId"
                        + " on conflict (job_id, epoch) do update set train_loss = excluded.train_loss,"
                        + " train_accuracy = excluded.train_accuracy, val_loss = excluded.val_loss,"
                        + " val_accuracy = excluded.val_accuracy, samples_per_second = excluded.samples_per_second,"
                        + " seconds = excluded.seconds")
                .param("epoch", e.epoch())
                .param("trainLoss", e.trainLoss())
                .param("trainAccuracy", e.trainAccuracy())
                .param("valLoss", e.valLoss())
                .param("valAccuracy", e.valAccuracy())
                .param("sps", e.samplesPerSecond())
                .param("seconds", e.seconds())
                .param("jobId", e.jobId())
                .update();
    }

    /** The model a job's success registers a version of, when the request named one. */
    Optional<String> registerAs(String jobId) {
        return jdbc.sql("select register_as from training_jobs where job_id = :jobId and register_as is not null")
                .param("jobId", jobId)
                .query(String.class)
                .optional();
    }

    /** The lineage the request gave (data set and hyperparameters as JSON), if the request has been seen. */
    Optional<Lineage> lineage(String jobId) {
        return jdbc.sql("select dataset, hyperparameters::text as hp from training_jobs where job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, n) -> new Lineage(rs.getString("dataset"), rs.getString("hp")))
                .optional();
    }

    record Lineage(String dataset, String hyperparametersJson) {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
