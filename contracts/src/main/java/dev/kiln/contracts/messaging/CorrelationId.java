package dev.kiln.contracts.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id that ties one request to everything it causes: taken from the caller's {@value #HTTP_HEADER}
 * header (or the trace id of a W3C {@code traceparent}) or made up by the gateway, answered back in
 * {@value #HTTP_HEADER}, carried on Kafka records in the {@value #KAFKA_HEADER} header, and logged under the MDC key
 * {@value #MDC_KEY} by every service that handles the request or its job.
 *
 * <p>An id is at most {@value #MAX_LENGTH} printable ASCII characters (0x21–0x7E: no spaces, no control
 * characters), so it is safe in an HTTP header, a log line and a Kafka header; anything else is replaced by a fresh
 * id rather than refused, because a bad id must never fail the request it came with.
 *
 * @param value the id, already valid
 */
public record CorrelationId(String value) {
    /** The HTTP request and response header (and gRPC metadata key, in lower case). */
    public static final String HTTP_HEADER = "X-Request-Id";

    /** The W3C Trace Context header whose trace id is used when there is no {@value #HTTP_HEADER}. */
    public static final String TRACEPARENT_HEADER = "traceparent";

    /** The Kafka record header, its value the id in UTF-8. */
    public static final String KAFKA_HEADER = "kiln-correlation-id";

    /** The logging MDC key; the services' log pattern prints it with {@code %X{correlation_id}}. */
    public static final String MDC_KEY = "correlation_id";

    /** The longest id kept. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    private static final String INVALID_TRACE_ID = "0".repeat(32);

    /**
     * @throws IllegalArgumentException if the value is not 1 to 128 printable ASCII characters
     */
    public CorrelationId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("a correlation id is 1 to " + MAX_LENGTH
                    + " printable ASCII characters without spaces, got " + describe(value));
        }
    }

    /** A fresh random id (a UUID). */
    public static CorrelationId generate() {
        return new CorrelationId(UUID.randomUUID().toString());
    }

    /** Whether the value can be used as it is. */
    public static boolean isValid(String value) {
        return value != null && PRINTABLE_ASCII.matcher(value).matches();
    }

    /** The value as an id if it is valid, or else a fresh id. */
    public static CorrelationId orGenerate(String value) {
        return isValid(value) ? new CorrelationId(value) : generate();
    }

    /**
     * The id for an incoming request: its {@value #HTTP_HEADER} if valid, else the trace id of a valid
     * {@code traceparent}, else a fresh id.
     *
     * @param requestId the {@value #HTTP_HEADER} header, or {@code null}
     * @param traceparent the {@value #TRACEPARENT_HEADER} header, or {@code null}
     */
    public static CorrelationId fromRequest(String requestId, String traceparent) {
        if (isValid(requestId)) {
            return new CorrelationId(requestId);
        }
        return traceId(traceparent).map(CorrelationId::new).orElseGet(CorrelationId::generate);
    }

    /** The trace id (32 lower-case hex digits) of a valid W3C {@code traceparent} header value. */
    public static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var match = TRACEPARENT.matcher(traceparent.strip());
        if (!match.matches() || match.group(1).equals(INVALID_TRACE_ID) || traceparent.startsWith("ff")) {
            return Optional.empty();
        }
        return Optional.of(match.group(1));
    }

    /**
     * The id carried by a Kafka header value ({@code null} when the record has no such header); empty when absent
     * or not a valid id.
     */
    public static Optional<CorrelationId> fromHeaderValue(byte[] headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        String value = new String(headerValue, StandardCharsets.UTF_8);
        return isValid(value) ? Optional.of(new CorrelationId(value)) : Optional.empty();
    }

    /** The id as the value of the {@value #KAFKA_HEADER} Kafka header. */
    public byte[] toHeaderValue() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        return value.length() > MAX_LENGTH
                ? value.length() + " characters"
                : "'" + value.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }
}
