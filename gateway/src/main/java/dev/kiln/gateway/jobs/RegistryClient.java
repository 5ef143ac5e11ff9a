package dev.kiln.gateway.jobs;

import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * What the gateway asks the model registry when it takes a job: the data set's shape and classes, a job's status.
 * The last description of each data set is kept, so jobs on a known data set are still queued while the registry (or
 * its database) is down; the worker reads the data set from storage itself and fails the job clearly if it changed.
 */
@Component
class RegistryClient {
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

    private final WebClient web;
    private final Duration timeout;
    private final Map<String, DatasetInfo> knownDatasets = new ConcurrentHashMap<>();

    RegistryClient(GatewayProperties gateway, JobsProperties properties) {
        this.web = WebClient.builder().baseUrl(gateway.registryUrl()).build();
        this.timeout = properties.registryTimeout();
    }

    /**
     * The data set, or INVALID_ARGUMENT when the registry does not know it; while the registry cannot answer, the
     * description it last gave (UNAVAILABLE for a data set it never described).
     */
    Mono<DatasetInfo> dataset(String name) {
        return get("/api/v1/datasets/{name}", name)
                .map(json -> {
                    List<Integer> shape = new ArrayList<>();
                    json.path("input_shape").forEach(d -> shape.add(d.asInt()));
                    List<String> classes = new ArrayList<>();
                    json.path("class_names").forEach(c -> classes.add(c.asString()));
                    return new DatasetInfo(name, shape, classes);
                })
                .doOnNext(info -> knownDatasets.put(name, info))
                .doOnError(NotFound.class, e -> knownDatasets.remove(name))
                .onErrorResume(
                        e -> e instanceof JobProblem problem
                                && "UNAVAILABLE".equals(problem.errorCode())
                                && knownDatasets.containsKey(name),
                        e -> {
                            log.warn(
                                    "data set '{}': {}; using the description the registry gave before",
                                    name,
                                    e.getMessage());
                            return Mono.just(knownDatasets.get(name));
                        })
                .onErrorMap(
                        NotFound.class,
                        e -> JobProblem.invalidArgument(
                                "dataset",
                                "data set '" + name
                                        + "' is not known to the registry; upload it with POST /api/v1/datasets"
                                        + " or pick one from GET /api/v1/datasets"));
    }

    /** The job's status (QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED), or NOT_FOUND. */
    Mono<String> jobStatus(String jobId) {
        return get("/api/v1/jobs/{id}", jobId)
                .map(json -> json.path("status").asString())
                .onErrorMap(NotFound.class, e -> JobProblem.notFound("job '" + jobId + "' does not exist"));
    }

    private Mono<JsonNode> get(String path, String variable) {
        return web.get()
                .uri(path, variable)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(byte[].class)
                .map(bytes -> ModelSpecJson.mapper().readTree(bytes))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof JobProblem), e -> {
                    if (e instanceof WebClientResponseException response
                            && response.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                        return new NotFound();
                    }
                    return JobProblem.unavailable(
                            "the model registry cannot be reached (" + describe(e) + "); try again shortly", e);
                });
    }

    private static String describe(Throwable e) {
        if (e instanceof WebClientResponseException response) {
            return "it answered " + response.getStatusCode().value();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The registry answered 404. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    /** A data set as a job needs it. */
    record DatasetInfo(String name, List<Integer> inputShape, List<String> classNames) {}
}
