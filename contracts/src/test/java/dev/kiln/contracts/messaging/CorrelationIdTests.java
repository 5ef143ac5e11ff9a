package dev.kiln.contracts.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CorrelationIdTests {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void keepsTheCallersRequestId() {
        assertThat(CorrelationId.fromRequest("abc-123", TRACEPARENT).value()).isEqualTo("abc-123");
    }

    @Test
    void takesTheTraceIdOfTraceparentWhenThereIsNoRequestId() {
        assertThat(CorrelationId.fromRequest(null, TRACEPARENT).value()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(CorrelationId.fromRequest("bad id", TRACEPARENT).value())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void ignoresMalformedOrAllZeroTraceparents() {
        assertThat(CorrelationId.traceId("00-xyz-00f067aa0ba902b7-01")).isEmpty();
        assertThat(CorrelationId.traceId("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(CorrelationId.traceId("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(CorrelationId.traceId(null)).isEmpty();
    }

    @Test
    void generatesAnIdWhenTheCallerGaveNone() {
        CorrelationId first = CorrelationId.fromRequest(null, null);
        CorrelationId second = CorrelationId.fromRequest("", "");
        assertThat(first.value()).matches("[0-9a-f-]{36}");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void replacesIdsThatAreTooLongOrNotPrintableAscii() {
        String longest = "a".repeat(CorrelationId.MAX_LENGTH);
        assertThat(CorrelationId.orGenerate(longest).value()).isEqualTo(longest);
        assertThat(CorrelationId.orGenerate(longest + "a").value()).hasSize(36);
        assertThat(CorrelationId.orGenerate("with space").value()).isNotEqualTo("with space");
        assertThat(CorrelationId.orGenerate("new\nline").value()).doesNotContain("\n");
        assertThat(CorrelationId.orGenerate("caf\u00e9").value()).isNotEqualTo("caf\u00e9");
        assertThat(CorrelationId.orGenerate("tab\there").value()).doesNotContain("\t");
    }

    @Test
    void refusesAnInvalidValueWithAMessageSayingWhatIsAllowed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CorrelationId("x".repeat(200)))
                .withMessageContaining("1 to 128 printable ASCII characters")
                .withMessageContaining("200 characters");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CorrelationId(null))
                .withMessageContaining("got nothing");
    }

    @Test
    void roundTripsThroughAKafkaHeaderValueAsUtf8() {
        CorrelationId id = new CorrelationId("abc-123");
        assertThat(new String(id.toHeaderValue(), StandardCharsets.UTF_8)).isEqualTo("abc-123");
        assertThat(CorrelationId.fromHeaderValue(id.toHeaderValue())).contains(id);
    }

    @Test
    void readsNoIdFromAMissingOrInvalidHeaderValue() {
        assertThat(CorrelationId.fromHeaderValue(null)).isEmpty();
        assertThat(CorrelationId.fromHeaderValue("two words".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(CorrelationId.fromHeaderValue(new byte[0])).isEmpty();
    }
}
