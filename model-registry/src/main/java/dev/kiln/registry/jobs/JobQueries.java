package dev.kiln.registry.jobs;

import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.api.PageTokens;
import dev.kiln.registry.config.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads jobs: newest first in keyset pages of (created_at, id), optionally of one status; one job with epochs. */
@Component
@Transactional(readOnly = true)
class JobQueries {
    private static final String COLUMNS = "select j.id as pk, j.job_id, j.name, j.status, j.dataset,"
            + " j.model_spec::text as model, j.hyperparameters::text as hp, j.resources::text as resources,"
            + " j.register_as, j.worker, j.device, j.attempt, j.test_accuracy, j.test_loss, j.error, j.error_code,"
            + " j.created_at, j.started_at, j.finished_at, m.name as version_model, v.version, v.status as version_status"
            + " from training_jobs j left join model_versions v on v.job_id = j.job_id"
            + " left join registered_models m on m.id = v.model_id";

    private final JdbcClient jdbc;
    private final JsonColumns json;

    JobQueries(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    JobViews.JobList list(JobStatus status, int limit, String pageToken) {
        List<String> after = PageTokens.decode(pageToken, 2);
        Instant afterCreated = null;
        Long afterId = null;
        if (after != null) {
            try {
                afterCreated = Instant.parse(after.get(0));
                afterId = Long.valueOf(after.get(1));
            } catch (RuntimeException e) {
                throw PageTokens.invalid();
            }
        }
        List<Row> rows = jdbc.sql(COLUMNS + " where (cast(:status as text) is null or j.status = cast(:status as text))"
                        + " and (cast(:afterCreated as timestamptz) is null"
                        + " or (j.created_at, j.id) < (cast(:afterCreated as timestamptz), :afterId))"
                        + " order by j.created_at desc, j.id desc limit :limit")
                .param("status", status == null ? null : status.name())
                .param("afterCreated", JobRepository.timestamp(afterCreated))
                .param("afterId", afterId == null ? 0L : afterId)
                .param("limit", limit + 1)
                .query((rs, n) -> row(rs))
                .list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Row last = rows.get(limit - 1);
            next = PageTokens.encode(last.view().createdAt().toString(), String.valueOf(last.pk()));
        }
        return new JobViews.JobList(withEpochs(rows), next);
    }

    JobViews.JobView get(String jobId) {
        List<Row> rows = jdbc.sql(COLUMNS + " where j.job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, n) -> row(rs))
                .list();
        if (rows.isEmpty()) {
            throw ApiException.notFound("job '" + jobId + "' does not exist");
        }
        return withEpochs(rows).get(0);
    }

    private List<JobViews.JobView> withEpochs(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<JobViews.EpochView>> epochs = new LinkedHashMap<>();
        rows.forEach(r -> epochs.put(r.pk(), new ArrayList<>()));
        jdbc.sql("select job_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, samples_per_second,"
                        + " seconds from training_job_epochs where job_id in (:ids) order by job_id, epoch")
                .param("ids", List.copyOf(epochs.keySet()))
                .query((rs, n) -> epochs.get(rs.getLong("job_id"))
                        .add(new JobViews.EpochView(
                                rs.getInt("epoch"),
                                rs.getDouble("train_loss"),
                                rs.getDouble("train_accuracy"),
                                (Double) rs.getObject("val_loss"),
                                (Double) rs.getObject("val_accuracy"),
                                rs.getDouble("samples_per_second"),
                                rs.getDouble("seconds"))))
                .list();
        return rows.stream().map(r -> r.view(epochs.get(r.pk()))).toList();
    }

    private Row row(ResultSet rs) throws SQLException {
        String versionModel = rs.getString("version_model");
        JobViews.ModelVersionRef ref = versionModel == null
                ? null
                : new JobViews.ModelVersionRef(versionModel, rs.getInt("version"), rs.getString("version_status"));
        JobViews.JobView view = new JobViews.JobView(
                rs.getString("job_id"),
                rs.getString("name"),
                rs.getString("status"),
                rs.getString("dataset"),
                json.read(rs.getString("model")),
                json.read(rs.getString("hp")),
                json.read(rs.getString("resources")),
                rs.getString("register_as"),
                rs.getString("worker"),
                rs.getString("device"),
                rs.getInt("attempt"),
                List.of(),
                (Double) rs.getObject("test_accuracy"),
                (Double) rs.getObject("test_loss"),
                rs.getString("error"),
                rs.getString("error_code"),
                ref,
                JobRepository.instant(rs, "created_at"),
                JobRepository.instant(rs, "started_at"),
                JobRepository.instant(rs, "finished_at"));
        return new Row(rs.getLong("pk"), view);
    }

    private record Row(long pk, JobViews.JobView view) {
        JobViews.JobView view(List<JobViews.EpochView> epochs) {
            JobViews.JobView v = view;
            return new JobViews.JobView(
                    v.id(),
                    v.name(),
                    v.status(),
                    v.dataset(),
                    v.model(),
                    v.hyperparameters(),
                    v.resources(),
                    v.registerAs(),
                    v.worker(),
                    v.device(),
                    v.attempt(),
                    List.copyOf(epochs),
                    v.testAccuracy(),
                    v.testLoss(),
                    v.error(),
                    v.errorCode(),
                    v.modelVersion(),
                    v.createdAt(),
                    v.startedAt(),
                    v.finishedAt());
        }
    }
}
