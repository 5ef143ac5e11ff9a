package dev.kiln.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One case of the bad-input corpus ({@code bad-input/corpus.yaml}): what to send, where, and what must come back.
 *
 * @param id unique name of the case
 * @param kind the bad-input class it belongs to (for the summary)
 * @param method HTTP method (REST cases)
 * @param path request path, {@code {model}} standing for the corpus's served model (REST cases)
 * @param contentType the request's Content-Type (REST cases; multipart sets its own)
 * @param body the body inline
 * @param bodyFile the body from a file next to the corpus
 * @param generate the body from a generator of {@link BadInputBodies}, with {@code params}
 * @param params the generator's parameters
 * @param multipart the parts of a multipart/form-data body, each with {@code name}, optional {@code filename}, and
 *     {@code body}, {@code body_file} or {@code generate} + {@code params}
 * @param rpc gRPC method as {@code package.Service/Method} (gRPC cases)
 * @param request the gRPC request's fields (see {@link BadInputRequests})
 * @param expect the HTTP status (a number or {@code 4xx}) or the gRPC status code name
 * @param contains a substring the error must contain
 * @param direct whether the case is also sent to the service behind the gateway (default: when there is one)
 * @param directExpect what the service itself answers when it differs from the gateway (e.g. a gateway-only limit)
 */
record BadInputCase(
        String id,
        String kind,
        String method,
        String path,
        String contentType,
        String body,
        String bodyFile,
        String generate,
        Map<String, Object> params,
        List<Map<String, Object>> multipart,
        String rpc,
        Map<String, Object> request,
        String expect,
        String contains,
        Boolean direct,
        String directExpect) {

    boolean grpc() {
        return rpc != null;
    }

    String path(String model) {
        return path.replace("{model}", model);
    }

    @SuppressWarnings("unchecked")
    static List<BadInputCase> load() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (InputStream in = BadInputCase.class.getResourceAsStream("/bad-input/corpus.yaml")) {
            Map<String, Object> corpus = yaml.readValue(in, Map.class);
            return ((List<Map<String, Object>>) corpus.get("cases"))
                    .stream().map(BadInputCase::of).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static BadInputCase of(Map<String, Object> c) {
        return new BadInputCase(
                (String) c.get("id"),
                (String) c.get("class"),
                (String) c.getOrDefault("method", "POST"),
                (String) c.get("path"),
                (String) c.get("content_type"),
                (String) c.get("body"),
                (String) c.get("body_file"),
                (String) c.get("generate"),
                (Map<String, Object>) c.getOrDefault("params", Map.of()),
                (List<Map<String, Object>>) c.get("multipart"),
                (String) c.get("rpc"),
                (Map<String, Object>) c.getOrDefault("request", Map.of()),
                String.valueOf(c.get("expect")),
                (String) c.get("contains"),
                (Boolean) c.get("direct"),
                c.get("direct_expect") == null ? null : String.valueOf(c.get("direct_expect")));
    }
}
