package dev.kiln.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kiln.contracts.jobs.v1.CancelJobRequest;
import dev.kiln.contracts.jobs.v1.CancelJobResponse;
import dev.kiln.contracts.jobs.v1.GetJobRequest;
import dev.kiln.contracts.jobs.v1.Hyperparameters;
import dev.kiln.contracts.jobs.v1.Job;
import dev.kiln.contracts.jobs.v1.JobStatus;
import dev.kiln.contracts.jobs.v1.ListJobsRequest;
import dev.kiln.contracts.jobs.v1.SubmitJobRequest;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** {@code kiln.v1.JobService} with the REST semantics, against a stand-in registry and real Kafka. */
class JobServiceGrpcIntegrationTests extends GatewayIntegrationTestSupport {

    @Test
    void submitJobQueuesAValidJobAndAnswersIt() {
        Job job = jobs(TestApiKeys.ADMIN_TOKEN)
                .submitJob(SubmitJobRequest.newBuilder()
                        .setName("grpc-mlp")
                        .setDataset("fashion-mnist")
                        .setModel(Struct.newBuilder().putFields("template", text("mlp")))
                        .setHyperparameters(
                                Hyperparameters.newBuilder().setEpochs(2).setOptimizer("sgd"))
                        .setRegisterAs("grpc-model")
                        .build());
        assertThat(job.getId()).isNotBlank();
        assertThat(job.getStatus()).isEqualTo(JobStatus.QUEUED);
        assertThat(job.getQueue()).isEqualTo("training-jobs-cpu");
        assertThat(job.getHyperparameters().getEpochs()).isEqualTo(2);
        assertThat(job.getHyperparameters().getOptimizer()).isEqualTo("sgd");
        assertThat(job.getModel().getFieldsOrThrow("layers").getListValue().getValuesCount())
                .isEqualTo(6);
    }

    @Test
    void submitJobRefusesASpecThatDoesNotFitWithTheRestMessage() {
        Struct linear = Struct.newBuilder()
                .putFields("type", text("Linear"))
                .putFields("in_features", Value.newBuilder().setNumberValue(100).build())
                .putFields("out_features", Value.newBuilder().setNumberValue(10).build())
                .build();
        Struct model = Struct.newBuilder()
                .putFields(
                        "layers",
                        Value.newBuilder()
                                .setListValue(ListValue.newBuilder()
                                        .addValues(Value.newBuilder()
                                                .setStructValue(
                                                        Struct.newBuilder().putFields("type", text("Flatten"))))
                                        .addValues(Value.newBuilder().setStructValue(linear)))
                                .build())
                .build();
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .submitJob(SubmitJobRequest.newBuilder()
                                .setDataset("fashion-mnist")
                                .setModel(model)
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("expects 100 input features, got 784");
                });
    }

    @Test
    void getJobAndListJobsCarryTheJobResourcesFields() {
        Job job = jobs(TestApiKeys.ADMIN_TOKEN)
                .getJob(GetJobRequest.newBuilder().setId("j-finished").build());
        assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.getEpochsList()).singleElement().satisfies(epoch -> {
            assertThat(epoch.getEpoch()).isEqualTo(1);
            assertThat(epoch.getTrainLoss()).isEqualTo(0.5);
            assertThat(epoch.hasValLoss()).isFalse();
        });
        assertThat(job.getTestAccuracy()).isEqualTo(0.85);
        assertThat(job.getCreatedAt().getSeconds()).isEqualTo(1767225600L);

        assertThat(jobs(TestApiKeys.ADMIN_TOKEN)
                        .listJobs(ListJobsRequest.newBuilder()
                                .setStatus(JobStatus.SUCCEEDED)
                                .build())
                        .getJobsList())
                .extracting(Job::getId)
                .containsExactly("j-finished");
        assertThat(registry.seen).contains("GET /api/v1/jobs");
    }

    @Test
    void listJobsRefusesAnUnknownStatusAndANegativeLimit() {
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .listJobs(
                                ListJobsRequest.newBuilder().setStatusValue(99).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("status 99 is not a job status");
                });
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .listJobs(ListJobsRequest.newBuilder().setLimit(-1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).endsWith("got -1");
                });
    }

    @Test
    void anIdThatIsNoJobIdIsRefusedWithoutAskingTheRegistry() {
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .getJob(GetJobRequest.newBuilder()
                                .setId("../../etc/passwd")
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("'../../etc/passwd' is not a job id");
                });
    }

    @Test
    void unknownJobsAreNotFoundAndFinishedJobsCannotBeCancelled() {
        registry.answer("/api/v1/jobs/nope", 404, "{\"status\":404,\"error_code\":\"NOT_FOUND\"}");
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .getJob(GetJobRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> jobs(TestApiKeys.ADMIN_TOKEN)
                        .cancelJob(CancelJobRequest.newBuilder()
                                .setId("j-finished")
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("already SUCCEEDED");
                });
        CancelJobResponse cancelled = jobs(TestApiKeys.ADMIN_TOKEN)
                .cancelJob(CancelJobRequest.newBuilder()
                        .setId("j-running")
                        .setReason("wrong data")
                        .build());
        assertThat(cancelled.getCancelRequested()).isTrue();
        assertThat(cancelled.getStatus()).isEqualTo(JobStatus.RUNNING);
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
