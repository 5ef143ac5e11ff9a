package dev.kiln.inference.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class GrpcErrorsTests {

    @Test
    void aFullQueueIsResourceExhaustedWithTheMessage() {
        var status = GrpcErrors.status(new InferenceException(ErrorCode.RESOURCE_EXHAUSTED, "queue full"))
                .getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).isEqualTo("queue full");
    }

    @Test
    void everyOtherCodeMapsToItsGrpcStatus() {
        assertThat(GrpcErrors.status(InferenceException.invalid("x"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.status(InferenceException.notFound("x"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.status(InferenceException.unavailable("x", null))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(GrpcErrors.status(new IllegalStateException("boom"))
                        .getStatus()
                        .getCode())
                .isEqualTo(Status.Code.INTERNAL);
    }
}
