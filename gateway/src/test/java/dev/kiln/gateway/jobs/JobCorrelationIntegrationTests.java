package dev.kiln.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.kiln.contracts.Topics;
import dev.kiln.contracts.jobs.v1.Job;
import dev.kiln.contracts.jobs.v1.SubmitJobRequest;
import dev.kiln.contracts.messaging.CorrelationId;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.TestApiKeys;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The correlation id of a job submission, on real Kafka: taken from the caller (or made up), answered in
 * {@code X-Request-Id}, carried on the queued {@code TrainingJobRequested} record and logged with the request.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobCorrelationIntegrationTests extends GatewayIntegrationTestSupport {
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void carriesTheCallersRequestIdToTheQueuedRecordAndBack(CapturedOutput output) throws Exception {
        HttpResponse<String> response = submit("abc-123", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue(CorrelationId.HTTP_HEADER)).hasValue("abc-123");
        String jobId = json(response.body()).get("id").asString();
        assertThat(header(JobSubmissionIntegrationTests.consumerRecord(Topics.TRAINING_JOBS_CPU, jobId)))
                .isEqualTo("abc-123");
        assertThat(output.getOut()).containsPattern("\\[abc-123\\] .*job " + jobId + " queued on training-jobs-cpu");
    }

    @Test
    void usesTheTraceIdOfTraceparentWhenThereIsNoRequestId() throws Exception {
        HttpResponse<String> response = submit(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(response.headers().firstValue(CorrelationId.HTTP_HEADER))
                .hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
        String jobId = json(response.body()).get("id").asString();
        assertThat(header(JobSubmissionIntegrationTests.consumerRecord(Topics.TRAINING_JOBS_CPU, jobId)))
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void replacesAnUnusableRequestIdWithAGeneratedOne() throws Exception {
        HttpResponse<String> response = submit("x".repeat(129), null);

        String answered =
                response.headers().firstValue(CorrelationId.HTTP_HEADER).orElseThrow();
        assertThat(answered).hasSize(36).isNotEqualTo("x".repeat(129));
        String jobId = json(response.body()).get("id").asString();
        assertThat(header(JobSubmissionIntegrationTests.consumerRecord(Topics.TRAINING_JOBS_CPU, jobId)))
                .isEqualTo(answered);
    }

    @Test
    void answersAGeneratedIdEvenOnARefusal() {
        HttpResponse<String> response = call("POST", "/api/v1/jobs", null, JobSubmissionIntegrationTests.MLP_JOB);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue(CorrelationId.HTTP_HEADER))
                .hasValueSatisfying(id -> assertThat(CorrelationId.isValid(id)).isTrue());
    }

    @Test
    void grpcSubmitJobCarriesTheRequestIdMetadataToTheQueuedRecordAndBack() {
        Metadata sent = new Metadata();
        sent.put(REQUEST_ID, "grpc-abc-123");
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Job job = jobs(TestApiKeys.ADMIN_TOKEN)
                .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(sent),
                        MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                .submitJob(SubmitJobRequest.newBuilder()
                        .setDataset("fashion-mnist")
                        .setModel(Struct.newBuilder()
                                .putFields(
                                        "template",
                                        Value.newBuilder().setStringValue("mlp").build()))
                        .build());

        assertThat(headers.get().get(REQUEST_ID)).isEqualTo("grpc-abc-123");
        assertThat(header(JobSubmissionIntegrationTests.consumerRecord(Topics.TRAINING_JOBS_CPU, job.getId())))
                .isEqualTo("grpc-abc-123");
    }

    private HttpResponse<String> submit(String requestId, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/jobs"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestApiKeys.ADMIN_BEARER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JobSubmissionIntegrationTests.MLP_JOB));
        if (requestId != null) {
            request.header(CorrelationId.HTTP_HEADER, requestId);
        }
        if (traceparent != null) {
            request.header(CorrelationId.TRACEPARENT_HEADER, traceparent);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(CorrelationId.KAFKA_HEADER);
        assertThat(header)
                .as("the %s header of the queued record", CorrelationId.KAFKA_HEADER)
                .isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
