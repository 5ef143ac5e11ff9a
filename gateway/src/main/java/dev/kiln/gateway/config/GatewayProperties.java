package dev.kiln.gateway.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway, under {@code kiln.gateway}: where the services behind it are, the bootstrap admin key, and
 * the limits it enforces.
 *
 * @param registryUrl the model registry
 * @param inferenceUrl one inference replica (used when {@code inferenceUrls} is empty)
 * @param inferenceUrls every inference replica; requests are spread round robin and retried on another replica when
 *     a connection fails
 * @param replicaEjection how long an inference replica that refused a connection is left out of the round robin
 * @param grpcPort the port of {@code kiln.v1.JobService}; 0 picks a free one
 * @param bootstrapAdminKeyId id of the admin key the local launcher made (env {@code KILN_GATEWAY_BOOTSTRAP_ADMIN_KEY_ID})
 * @param bootstrapAdminKeySha256 sha256 (hex) of that key's secret; the key itself never reaches the gateway
 * @param registryTimeout how long the gateway waits for the registry when it asks it itself (job snapshots, lists)
 * @param rateLimit per-key token bucket
 * @param bodyLimits largest request bodies per route
 * @param cors cross-origin access, off unless origins are listed
 * @param events live job streams
 */
@ConfigurationProperties("kiln.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") String registryUrl,
        @DefaultValue("http://127.0.0.1:8082") String inferenceUrl,
        List<String> inferenceUrls,
        @DefaultValue("5s") Duration replicaEjection,
        @DefaultValue("9091") int grpcPort,
        String bootstrapAdminKeyId,
        String bootstrapAdminKeySha256,
        @DefaultValue("5s") Duration registryTimeout,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue BodyLimits bodyLimits,
        @DefaultValue Cors cors,
        @DefaultValue Events events) {

    public GatewayProperties {
        inferenceUrls = inferenceUrls == null ? List.of() : List.copyOf(inferenceUrls);
    }

    /** The inference replicas: {@code inference-urls} when given, else the one {@code inference-url}. */
    public List<String> inferenceReplicas() {
        return inferenceUrls.isEmpty() ? List.of(inferenceUrl) : inferenceUrls;
    }

    /**
     * A token bucket per API key: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     *
     * @param enabled false turns rate limiting off
     * @param requestsPerSecond how fast a key's bucket refills
     * @param burst how many requests a key may make at once (the bucket's size)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20") double requestsPerSecond,
            @DefaultValue("200") int burst) {}

    /**
     * Request body limits: data set uploads and model imports may be large, inference requests moderately so,
     * everything else (job submissions, aliases, keys) small.
     *
     * @param standard largest body of every other request (job submissions, aliases, keys)
     * @param inference largest body of an inference request ({@code /v2/**}, {@code /api/v1/predict/**})
     * @param datasets largest data set upload
     * @param models largest model import
     */
    public record BodyLimits(
            @DefaultValue("1MB") DataSize standard,
            @DefaultValue("64MB") DataSize inference,
            @DefaultValue("2GB") DataSize datasets,
            @DefaultValue("2GB") DataSize models) {}

    /**
     * Origins allowed to call the API from a browser.
     *
     * @param allowedOrigins origins allowed to call the API from a browser; empty (the default) means no CORS headers
     */
    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /**
     * Live job streams.
     *
     * @param keepAlive how often an idle stream gets a comment line
     * @param subscriberBuffer events held for one slow subscriber before the oldest are dropped (and it resyncs)
     * @param historyPerJob recent events kept per job, to bridge the registry's lag at the snapshot seam
     * @param historyWindow how long recent events are kept; also how far back the gateway reads at start
     */
    public record Events(
            @DefaultValue("15s") Duration keepAlive,
            @DefaultValue("1024") int subscriberBuffer,
            @DefaultValue("256") int historyPerJob,
            @DefaultValue("2m") Duration historyWindow) {}
}
