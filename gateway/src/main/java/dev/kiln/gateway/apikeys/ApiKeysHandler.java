package dev.kiln.gateway.apikeys;

import dev.kiln.gateway.problem.DisplayNames;
import dev.kiln.gateway.problem.GatewayProblem;
import dev.kiln.gateway.problem.ProblemResponses;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/api-keys} (admin scope): create a key (its secret shown once, in the 201 answer), list and read
 * keys (never a secret or hash), revoke one. Writes go to the {@code api-keys} topic and answer once Kafka has them,
 * so every replica applies them within a poll.
 */
@Component
class ApiKeysHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NAME = 100;

    private final ApiKeyStore store;
    private final ApiKeyPublisher publisher;

    ApiKeysHandler(ApiKeyStore store, ApiKeyPublisher publisher) {
        this.store = store;
        this.publisher = publisher;
    }

    Mono<ServerResponse> create(ServerRequest request) {
        return request.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(ApiKeysHandler::parse)
                .flatMap(draft -> {
                    ApiKeyTokens.Generated generated = ApiKeyTokens.generate();
                    ApiKey key = new ApiKey(
                            generated.id(), draft.name(), generated.sha256(), draft.scopes(), Instant.now(), null);
                    return publisher
                            .publish(key)
                            .onErrorMap(e -> GatewayProblem.unavailable(
                                    "Kafka did not take the new key (" + e.getMessage() + "); no key was made", e))
                            .then(Mono.fromRunnable(() -> store.remember(key)))
                            .then(Mono.defer(() -> {
                                Map<String, Object> body = view(key);
                                body.put("key", generated.token());
                                return ServerResponse.created(URI.create("/api/v1/api-keys/" + key.id()))
                                        .header("Cache-Control", "no-store")
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .bodyValue(body);
                            }));
                })
                .onErrorResume(GatewayProblem.class, p -> ProblemResponses.response(p, request.path()));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        List<Map<String, Object>> keys =
                store.all().stream().map(ApiKeysHandler::view).toList();
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("api_keys", keys));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return known(request)
                .map(key -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(view(key)))
                .orElseGet(() -> notFound(request));
    }

    Mono<ServerResponse> revoke(ServerRequest request) {
        Optional<ApiKey> key = known(request);
        if (key.isEmpty()) {
            return notFound(request);
        }
        if (key.get().revoked()) {
            return ServerResponse.noContent().build();
        }
        ApiKey revoked = key.get().revokedAt(Instant.now());
        return publisher
                .publish(revoked)
                .then(Mono.fromRunnable(() -> store.remember(revoked)))
                .then(ServerResponse.noContent().build())
                .onErrorResume(e -> ProblemResponses.response(
                        GatewayProblem.unavailable(
                                "Kafka did not take the revocation (" + e.getMessage() + "); the key still works", e),
                        request.path()));
    }

    private Optional<ApiKey> known(ServerRequest request) {
        return store.find(request.pathVariable("id"));
    }

    private static Mono<ServerResponse> notFound(ServerRequest request) {
        return ProblemResponses.response(
                GatewayProblem.notFound(
                        "API key '" + request.pathVariable("id") + "' does not exist; GET /api/v1/api-keys lists them"),
                request.path());
    }

    private static Map<String, Object> view(ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("name", key.name());
        view.put("scopes", key.scopes());
        view.put("created_at", key.createdAt().toString());
        view.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
        return view;
    }

    private record Draft(String name, List<String> scopes) {}

    private static Draft parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            throw GatewayProblem.invalidArgument("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw GatewayProblem.invalidArgument(
                    "send {\"name\": \"what the key is for\", \"scopes\": [\"read\", \"train\"]}");
        }
        for (String field : root.propertyNames()) {
            if (!field.equals("name") && !field.equals("scopes")) {
                throw GatewayProblem.invalidArgument("unknown field '" + field + "'; a key has name and scopes");
            }
        }
        JsonNode name = root.get("name");
        if (name == null
                || !name.isString()
                || name.asString().isBlank()
                || name.asString().length() > MAX_NAME) {
            throw GatewayProblem.invalidArgument("name must be a string of 1 to " + MAX_NAME + " characters");
        }
        DisplayNames.controlCharacterProblem("name", name.asString()).ifPresent(problem -> {
            throw GatewayProblem.invalidArgument(problem);
        });
        JsonNode scopes = root.get("scopes");
        if (scopes == null || !scopes.isArray() || scopes.isEmpty()) {
            throw GatewayProblem.invalidArgument("scopes must be a non-empty array of " + Scope.allWire());
        }
        Set<String> wire = new LinkedHashSet<>();
        for (JsonNode scope : scopes) {
            if (!scope.isString() || Scope.fromWire(scope.asString()).isEmpty()) {
                throw GatewayProblem.invalidArgument("unknown scope " + scope + "; scopes are " + Scope.allWire());
            }
            wire.add(scope.asString());
        }
        return new Draft(name.asString().strip(), new ArrayList<>(wire));
    }
}
