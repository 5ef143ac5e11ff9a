package dev.kiln.inference.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class RestErrorsTests {
    final RestErrors errors = new RestErrors();

    @Test
    void aFullQueueAnswers429WithRetryAfterAndTheProtocolsErrorField() {
        ResponseEntity<ProblemDetail> response =
                errors.inference(new InferenceException(ErrorCode.RESOURCE_EXHAUSTED, "queue full"));
        assertThat(response.getStatusCode().value()).isEqualTo(429);
        assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(response.getBody().getDetail()).isEqualTo("queue full");
        assertThat(response.getBody().getProperties())
                .containsEntry("error", "queue full")
                .containsEntry("error_code", "RESOURCE_EXHAUSTED");
    }

    @Test
    void eachErrorCodeHasItsStatus() {
        assertThat(RestErrors.status(ErrorCode.INVALID_ARGUMENT).value()).isEqualTo(400);
        assertThat(RestErrors.status(ErrorCode.NOT_FOUND).value()).isEqualTo(404);
        assertThat(RestErrors.status(ErrorCode.UNAVAILABLE).value()).isEqualTo(503);
        assertThat(RestErrors.status(ErrorCode.INTERNAL).value()).isEqualTo(500);
    }
}
