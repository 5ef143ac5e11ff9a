package dev.kiln.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.contracts.jobs.v1.CancelJobRequest;
import dev.kiln.contracts.jobs.v1.GetJobRequest;
import dev.kiln.contracts.jobs.v1.JobServiceGrpc;
import dev.kiln.contracts.jobs.v1.ListJobsRequest;
import dev.kiln.contracts.jobs.v1.SubmitJobRequest;
import dev.kiln.contracts.jobs.v1.WatchJobRequest;
import dev.kiln.gateway.support.GatewayIntegrationTestSupport;
import dev.kiln.gateway.support.StringResponse;
import dev.kiln.gateway.support.TestApiKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every route and every gRPC method × {no key, wrong key, revoked key, key without the scope, key with only the
 * right scope}: 401, 401, 401, 403, and through. Keys are made and revoked through the API.
 */
class AuthMatrixIntegrationTests extends GatewayIntegrationTestSupport {
    private static final List<String> SCOPES = List.of("read", "train", "predict", "admin");
    private static final Map<String, String> keys = new ConcurrentHashMap<>();

    enum Credential {
        NONE,
        WRONG,
        REVOKED,
        WITHOUT_SCOPE,
        RIGHT
    }

    /**
     * One route as the matrix calls it. With {@code missingIsThrough}, the right key may also get a 404 for the made-up
     * resource (the route is the gateway's own and has no stand-in behind it): past authentication, not refused by it.
     */
    record Route(String method, String path, String scope, String body, boolean missingIsThrough) {
        Route(String method, String path, String scope, String body) {
            this(method, path, scope, body, false);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }

        boolean covers(String describedMethod, String describedPath) {
            String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return method.equalsIgnoreCase(describedMethod)
                    && withoutQuery.matches(describedPath.replaceAll("\\{[^}]+}", "[^/]+"));
        }
    }

    private static final List<String> GRPC_METHODS =
            List.of("GetJob", "ListJobs", "WatchJob", "SubmitJob", "CancelJob");

    /** Routes the OpenAPI description lists that need no key: the inference health probes. */
    private static final List<String> PUBLIC_ROUTES = List.of("GET /v2/health/live", "GET /v2/health/ready");

    static List<Route> routes() {
        String job = "{\"dataset\":\"fashion-mnist\",\"model\":{\"template\":\"mlp\"}}";
        return List.of(
                new Route("GET", "/api/v1/jobs", "read", null),
                new Route("GET", "/api/v1/jobs/j-finished", "read", null),
                new Route("GET", "/api/v1/jobs/j-finished/events", "read", null),
                new Route("POST", "/api/v1/jobs", "train", job),
                new Route("POST", "/api/v1/jobs/j-running/cancel", "train", "{}"),
                new Route("GET", "/api/v1/events", "read", null),
                new Route("GET", "/api/v1/workers", "read", null),
                new Route("GET", "/api/v1/datasets", "read", null),
                new Route("GET", "/api/v1/datasets/fashion-mnist/samples", "read", null),
                new Route("POST", "/api/v1/datasets", "train", "{}"),
                new Route("GET", "/api/v1/models", "read", null),
                new Route("GET", "/api/v1/models/m/versions/1/artifacts/model.onnx", "read", null),
                new Route("PUT", "/api/v1/models/m/aliases/production", "admin", "{\"version\":1}"),
                new Route("DELETE", "/api/v1/models/m/aliases/production", "admin", null),
                new Route("POST", "/api/v1/models/m/versions", "admin", "{}"),
                new Route("DELETE", "/api/v1/models/m/versions/1", "admin", null),
                new Route("GET", "/v2/models/m", "predict", null),
                new Route("POST", "/v2/models/m/infer", "predict", "{\"inputs\":[]}"),
                new Route("POST", "/api/v1/predict/m", "predict", "{\"instances\":[[0.0]]}"),
                new Route("GET", "/api/v1/api-keys", "admin", null),
                new Route("POST", "/api/v1/api-keys", "admin", "{\"name\":\"matrix\",\"scopes\":[\"read\"]}"),
                new Route("GET", "/api/v1/api-keys/nosuchkey", "admin", null, true),
                new Route("DELETE", "/api/v1/api-keys/nosuchkey", "admin", null, true),
                new Route("GET", "/api/v1/datasets/fashion-mnist", "read", null),
                new Route("GET", "/api/v1/models/m", "read", null),
                new Route("GET", "/api/v1/models/m/versions", "read", null),
                new Route("GET", "/api/v1/models/m/versions/1", "read", null),
                new Route("GET", "/api/v1/models/m/aliases/production", "read", null),
                new Route("GET", "/v2/models/m/ready", "predict", null),
                new Route("GET", "/v2/models/m/versions/1", "predict", null),
                new Route("POST", "/v2/models/m/versions/1/infer", "predict", "{\"inputs\":[]}"));
    }

    static Stream<Arguments> restCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Route route : routes()) {
            for (Credential credential : Credential.values()) {
                cases.add(Arguments.of(route, credential));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("restCases")
    void restRouteAnswersByKey(Route route, Credential credential) throws Exception {
        HttpResponse<String> response = send(route, token(credential, route.scope()));
        switch (credential) {
            case NONE, WRONG, REVOKED -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
                assertThat(problemCode(response)).isEqualTo("UNAUTHENTICATED");
            }
            case WITHOUT_SCOPE -> {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                assertThat(problemCode(response)).isEqualTo("PERMISSION_DENIED");
                assertThat(json(response.body()).get("detail").asString()).contains("'" + route.scope() + "'");
            }
            case RIGHT -> {
                if (route.missingIsThrough() && response.statusCode() == 404) {
                    assertThat(problemCode(response)).isEqualTo("NOT_FOUND");
                } else {
                    assertThat(response.statusCode())
                            .as(route + " answered " + response.body())
                            .isBetween(200, 299);
                }
            }
        }
    }

    /**
     * The matrix covers the whole public API: every operation of the OpenAPI description (the gateway's own routes and
     * those it proxies) has a row, so a route added to the description without one fails here.
     */
    @Test
    void everyRouteOfTheApiDescriptionHasARowInTheMatrix() {
        JsonNode paths = json(get("/v3/api-docs", null).body()).get("paths");
        List<String> described = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().propertyNames().forEach(method -> {
            if (List.of("get", "put", "post", "delete", "patch", "head").contains(method)) {
                described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertThat(described).hasSizeGreaterThan(30);

        List<String> uncovered = described.stream()
                .filter(operation -> !PUBLIC_ROUTES.contains(operation))
                .filter(operation -> {
                    String[] parts = operation.split(" ", 2);
                    return routes().stream().noneMatch(route -> route.covers(parts[0], parts[1]));
                })
                .toList();
        assertThat(uncovered).as("operations without a row in the auth matrix").isEmpty();
    }

    @Test
    void healthProbesTheDashboardAndTheApiDescriptionNeedNoKey() {
        for (String path : List.of("/v2/health/live", "/v2/health/ready", "/actuator/health", "/", "/v3/api-docs")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    static Stream<Arguments> grpcCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String method : GRPC_METHODS) {
            for (Credential credential : Credential.values()) {
                cases.add(Arguments.of(method, credential));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("grpcCases")
    void grpcMethodAnswersByKey(String method, Credential credential) {
        String scope = method.equals("SubmitJob") || method.equals("CancelJob") ? "train" : "read";
        JobServiceGrpc.JobServiceBlockingStub stub = jobs(token(credential, scope));
        Consumer<JobServiceGrpc.JobServiceBlockingStub> call =
                switch (method) {
                    case "GetJob" ->
                        s -> s.getJob(
                                GetJobRequest.newBuilder().setId("j-finished").build());
                    case "ListJobs" -> s -> s.listJobs(ListJobsRequest.getDefaultInstance());
                    case "WatchJob" ->
                        s -> s.watchJob(WatchJobRequest.newBuilder()
                                        .setId("j-finished")
                                        .build())
                                .forEachRemaining(update -> {});
                    case "SubmitJob" ->
                        s -> s.submitJob(SubmitJobRequest.newBuilder()
                                .setDataset("fashion-mnist")
                                .setModel(com.google.protobuf.Struct.newBuilder()
                                        .putFields(
                                                "template",
                                                com.google.protobuf.Value.newBuilder()
                                                        .setStringValue("mlp")
                                                        .build()))
                                .build());
                    default ->
                        s -> s.cancelJob(
                                CancelJobRequest.newBuilder().setId("j-running").build());
                };
        switch (credential) {
            case NONE, WRONG, REVOKED ->
                assertThatThrownBy(() -> call.accept(stub))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            case WITHOUT_SCOPE ->
                assertThatThrownBy(() -> call.accept(stub))
                        .isInstanceOfSatisfying(
                                StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
            case RIGHT -> call.accept(stub);
        }
    }

    @Test
    void everyMethodOfTheJobServiceHasARowInTheMatrix() {
        assertThat(JobServiceGrpc.getServiceDescriptor().getMethods().stream()
                        .map(io.grpc.MethodDescriptor::getBareMethodName)
                        .toList())
                .containsExactlyInAnyOrderElementsOf(GRPC_METHODS);
    }

    private String token(Credential credential, String scope) {
        return switch (credential) {
            case NONE -> null;
            case WRONG -> TestApiKeys.ADMIN_TOKEN.substring(0, TestApiKeys.ADMIN_TOKEN.length() - 4) + "nope";
            case REVOKED ->
                keys.computeIfAbsent("revoked-" + scope, k -> {
                    String key = newKey(k, scope);
                    revoke(key);
                    return key;
                });
            case WITHOUT_SCOPE ->
                keys.computeIfAbsent(
                        "without-" + scope,
                        k -> newKey(
                                k,
                                SCOPES.stream()
                                        .filter(s -> !s.equals(scope) && !s.equals("admin"))
                                        .toArray(String[]::new)));
            case RIGHT -> keys.computeIfAbsent("only-" + scope, k -> newKey(k, scope));
        };
    }

    private HttpResponse<String> send(Route route, String token) throws Exception {
        String bearer = token == null ? null : "Bearer " + token;
        if (!route.path().equals("/api/v1/events")) {
            return call(route.method(), route.path(), bearer, route.body());
        }
        // an endless stream: read the status and headers, then hang up
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(route.path())).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        HttpResponse<InputStream> stream = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String body = stream.statusCode() == 200 ? "" : new String(stream.body().readAllBytes());
        stream.body().close();
        return new StringResponse(stream, body);
    }

    private static String problemCode(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        return problem.get("error_code").asString();
    }
}
