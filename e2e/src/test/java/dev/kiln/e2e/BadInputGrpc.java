package dev.kiln.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A minimal gRPC client for the bad-input corpus: unary calls over HTTP/2 without TLS (prior knowledge), the message
 * framed as gRPC frames it, status and message read from the trailers. The e2e module has no protobuf or gRPC on its
 * classpath, so requests are encoded by {@link Proto}; this also lets the corpus send what a generated client never
 * would.
 */
final class BadInputGrpc {
    /** The call's outcome: the gRPC status code name (OK, INVALID_ARGUMENT, …) and its message. */
    record Outcome(String code, String message) {}

    private static final String[] CODES = {
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED"
    };

    private final OkHttpClient client = new OkHttpClient.Builder()
            .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
            .callTimeout(Duration.ofSeconds(30))
            .build();

    Outcome call(int port, String fullMethod, byte[] message, String bearer) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + message.length);
        frame.put((byte) 0).putInt(message.length).put(message);
        Request.Builder request = new Request.Builder()
                .url("http://127.0.0.1:" + port + "/" + fullMethod)
                .header("te", "trailers")
                .post(RequestBody.create(frame.array(), MediaType.get("application/grpc")));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        try (Response response = client.newCall(request.build()).execute()) {
            response.body().bytes();
            Headers trailers = response.headers().get("grpc-status") != null ? response.headers() : response.trailers();
            String status = trailers.get("grpc-status");
            if (status == null) {
                return new Outcome("HTTP_" + response.code(), "no grpc-status");
            }
            int code = Integer.parseInt(status);
            String text = trailers.get("grpc-message");
            return new Outcome(
                    code < CODES.length ? CODES[code] : status,
                    text == null ? "" : URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
    }

    void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Protocol buffers' wire format, just enough to write the corpus's requests. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            rawVarint(value);
            return this;
        }

        Proto fixed64(int field, long bits) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.toBytes());
        }

        Proto packedVarints(int field, List<? extends Number> values) {
            Proto packed = new Proto();
            values.forEach(v -> packed.rawVarint(v.longValue()));
            return bytes(field, packed.toBytes());
        }

        Proto packedFloats(int field, List<? extends Number> values) {
            ByteBuffer packed = ByteBuffer.allocate(4 * values.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            values.forEach(v -> packed.putFloat(v.floatValue()));
            return bytes(field, packed.array());
        }

        /** A JSON value as {@code google.protobuf.Value}. */
        static Proto value(Object json) {
            Proto v = new Proto();
            if (json == null) {
                return v.varint(1, 0);
            }
            if (json instanceof Number n) {
                return v.fixed64(2, Double.doubleToLongBits(n.doubleValue()));
            }
            if (json instanceof String s) {
                return v.string(3, s);
            }
            if (json instanceof Boolean b) {
                return v.varint(4, b ? 1 : 0);
            }
            if (json instanceof Map<?, ?> m) {
                return v.message(5, struct(m));
            }
            Proto list = new Proto();
            ((List<?>) json).forEach(item -> list.message(1, value(item)));
            return v.message(6, list);
        }

        /** A JSON object as {@code google.protobuf.Struct}. */
        static Proto struct(Map<?, ?> object) {
            Proto s = new Proto();
            object.forEach(
                    (k, val) -> s.message(1, new Proto().string(1, (String) k).message(2, value(val))));
            return s;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        private void rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
