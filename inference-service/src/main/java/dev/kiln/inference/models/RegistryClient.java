package dev.kiln.inference.models;

import dev.kiln.inference.error.InferenceException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** {@link ModelCatalog} over the model registry's REST API ({@code /api/v1/models/…}, snake_case JSON). */
public final class RegistryClient implements ModelCatalog {
    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    public RegistryClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public ModelVersionInfo version(String name, int version) {
        return get(modelPath(name) + "/versions/" + version, ModelVersionInfo.class)
                .orElseThrow(() -> InferenceException.notFound(
                        "model '" + name + "' has no version " + version + " in the registry"));
    }

    @Override
    public Optional<ModelVersionInfo> alias(String name, String alias) {
        return get(modelPath(name) + "/aliases/" + encode(alias), ModelVersionInfo.class);
    }

    @Override
    public Optional<ModelVersionInfo> latestReady(String name) {
        VersionList list = get(modelPath(name) + "/versions?status=READY", VersionList.class)
                .orElseThrow(() -> InferenceException.notFound("model '" + name + "' is not registered"));
        return list.versions().stream()
                .filter(v -> ModelVersionInfo.READY.equals(v.status()))
                .max(Comparator.comparingInt(ModelVersionInfo::version));
    }

    private String modelPath(String name) {
        return baseUrl + "/api/v1/models/" + encode(name);
    }

    private <T> Optional<T> get(String url, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw InferenceException.unavailable(
                    "the model registry at " + baseUrl + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InferenceException.unavailable("interrupted while asking the model registry", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw InferenceException.unavailable(
                    "the model registry answered " + response.statusCode() + " to GET " + url + detail(response), null);
        }
        try {
            return Optional.of(JSON.readValue(response.body(), type));
        } catch (JacksonException e) {
            throw InferenceException.unavailable(
                    "the model registry's answer to GET " + url + " could not be read: " + e.getOriginalMessage(), e);
        }
    }

    private static String detail(HttpResponse<byte[]> response) {
        try {
            JsonNode detail = JSON.readTree(response.body()).get("detail");
            return detail == null ? "" : ": " + detail.asString();
        } catch (JacksonException e) {
            return "";
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code {"versions": [...]}}, newest first. */
    record VersionList(List<ModelVersionInfo> versions) {
        VersionList {
            versions = versions == null ? List.of() : versions;
        }
    }
}
