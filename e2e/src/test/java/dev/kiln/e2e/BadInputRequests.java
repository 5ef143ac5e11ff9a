package dev.kiln.e2e;

import dev.kiln.e2e.BadInputGrpc.Proto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns a corpus case into what goes on the wire: a REST body with its content type, or a gRPC message. */
final class BadInputRequests {
    record RestBody(byte[] bytes, String contentType) {}

    private BadInputRequests() {}

    static RestBody rest(BadInputCase c) throws IOException {
        if (c.multipart() != null) {
            String boundary = "kiln-" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map<String, Object> part : c.multipart()) {
                StringBuilder head = new StringBuilder("--" + boundary + "\r\n")
                        .append("Content-Disposition: form-data; name=\"")
                        .append(part.get("name"))
                        .append('"');
                if (part.get("filename") != null) {
                    head.append("; filename=\"").append(part.get("filename")).append('"');
                }
                head.append("\r\nContent-Type: application/octet-stream\r\n\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
                out.writeBytes(bytes(part));
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return new RestBody(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
        }
        Map<String, Object> source = Map.of(
                "body", c.body() == null ? "" : c.body(),
                "body_file", c.bodyFile() == null ? "" : c.bodyFile(),
                "generate", c.generate() == null ? "" : c.generate(),
                "params", c.params());
        return new RestBody(bytes(source), c.contentType());
    }

    @SuppressWarnings("unchecked")
    private static byte[] bytes(Map<String, Object> source) throws IOException {
        String file = (String) source.get("body_file");
        if (file != null && !file.isEmpty()) {
            try (InputStream in = BadInputRequests.class.getResourceAsStream("/bad-input/" + file)) {
                if (in == null) {
                    throw new IllegalArgumentException("no corpus file bad-input/" + file);
                }
                return in.readAllBytes();
            }
        }
        String generator = (String) source.get("generate");
        if (generator != null && !generator.isEmpty()) {
            return BadInputBodies.generate(generator, (Map<String, Object>) source.getOrDefault("params", Map.of()));
        }
        Object body = source.get("body");
        return body == null ? new byte[0] : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }

    /** The gRPC request message for the case's method, from its {@code request} fields. */
    static byte[] grpc(BadInputCase c, String model) {
        Map<String, Object> r = c.request();
        String method = c.rpc().substring(c.rpc().indexOf('/') + 1);
        return switch (method) {
            case "SubmitJob" -> submitJob(r).toBytes();
            case "GetJob", "WatchJob" -> strings(r, "id").toBytes();
            case "CancelJob" -> strings(r, "id", "reason").toBytes();
            case "ListJobs" -> listJobs(r).toBytes();
            case "ModelInfer" -> modelInfer(r, model).toBytes();
            case "ModelMetadata", "ModelReady" -> named(r, model).toBytes();
            default -> throw new IllegalArgumentException("no encoder for " + c.rpc());
        };
    }

    @SuppressWarnings("unchecked")
    private static Proto submitJob(Map<String, Object> r) {
        Proto p = strings(r, "name", "dataset");
        if (r.get("model") != null) {
            p.message(3, Proto.struct((Map<String, Object>) r.get("model")));
        }
        if (r.get("hyperparameters") instanceof Map<?, ?> h) {
            Proto hp = new Proto();
            if (h.get("epochs") != null) {
                hp.varint(1, ((Number) h.get("epochs")).longValue());
            }
            if (h.get("batch_size") != null) {
                hp.varint(2, ((Number) h.get("batch_size")).longValue());
            }
            if (h.get("optimizer") != null) {
                hp.string(3, (String) h.get("optimizer"));
            }
            if (h.get("learning_rate") != null) {
                hp.fixed64(4, Double.doubleToLongBits(((Number) h.get("learning_rate")).doubleValue()));
            }
            if (h.get("validation_fraction") != null) {
                hp.fixed64(6, Double.doubleToLongBits(((Number) h.get("validation_fraction")).doubleValue()));
            }
            p.message(4, hp);
        }
        if (r.get("device") != null) {
            p.message(5, new Proto().string(1, (String) r.get("device")));
        }
        if (r.get("register_as") != null) {
            p.string(6, (String) r.get("register_as"));
        }
        return p;
    }

    private static Proto listJobs(Map<String, Object> r) {
        Proto p = new Proto();
        if (r.get("status") != null) {
            p.varint(1, ((Number) r.get("status")).longValue());
        }
        if (r.get("limit") != null) {
            p.varint(2, ((Number) r.get("limit")).longValue());
        }
        if (r.get("page_token") != null) {
            p.string(3, (String) r.get("page_token"));
        }
        return p;
    }

    /** {@code ModelMetadataRequest} / {@code ModelReadyRequest}: name = 1, version = 2. */
    private static Proto named(Map<String, Object> r, String model) {
        Proto p = new Proto()
                .string(1, String.valueOf(r.getOrDefault("name", model)).replace("{model}", model));
        if (r.get("version") != null) {
            p.string(2, String.valueOf(r.get("version")));
        }
        return p;
    }

    /**
     * {@code ModelInferRequest}: model_name, model_version, inputs (name, datatype, shape, and contents as {@code fp32},
     * {@code int64}, {@code int32}, {@code bytes} lists or {@code fp32_count} zeros), raw_input_contents as {@code raw}
     * (a list of byte counts).
     */
    @SuppressWarnings("unchecked")
    private static Proto modelInfer(Map<String, Object> r, String model) {
        Proto p = new Proto()
                .string(1, String.valueOf(r.getOrDefault("model_name", model)).replace("{model}", model));
        if (r.get("model_version") != null) {
            p.string(2, String.valueOf(r.get("model_version")));
        }
        for (Map<String, Object> input : (List<Map<String, Object>>) r.getOrDefault("inputs", List.of())) {
            Proto tensor = new Proto();
            if (input.get("name") != null) {
                tensor.string(1, (String) input.get("name"));
            }
            if (input.get("datatype") != null) {
                tensor.string(2, (String) input.get("datatype"));
            }
            if (input.get("shape") != null) {
                tensor.packedVarints(3, (List<Number>) input.get("shape"));
            }
            Proto contents = new Proto();
            boolean any = false;
            if (input.get("int32") != null) {
                contents.packedVarints(2, (List<Number>) input.get("int32"));
                any = true;
            }
            if (input.get("int64") != null) {
                contents.packedVarints(3, (List<Number>) input.get("int64"));
                any = true;
            }
            if (input.get("fp32") != null) {
                contents.packedFloats(6, (List<Number>) input.get("fp32"));
                any = true;
            }
            if (input.get("fp32_count") != null) {
                int count = ((Number) input.get("fp32_count")).intValue();
                contents.bytes(6, new byte[4 * count]);
                any = true;
            }
            if (input.get("bytes") != null) {
                for (Object b : (List<Object>) input.get("bytes")) {
                    contents.bytes(8, String.valueOf(b).getBytes(StandardCharsets.UTF_8));
                }
                any = true;
            }
            if (any) {
                tensor.message(5, contents);
            }
            p.message(5, tensor);
        }
        for (Object size : (List<Object>) r.getOrDefault("raw", List.of())) {
            p.bytes(7, new byte[((Number) size).intValue()]);
        }
        return p;
    }

    private static Proto strings(Map<String, Object> r, String... fields) {
        Proto p = new Proto();
        for (int i = 0; i < fields.length; i++) {
            if (r.get(fields[i]) != null) {
                p.string(i + 1, String.valueOf(r.get(fields[i])));
            }
        }
        return p;
    }
}
