package dev.kiln.gateway.security;

import dev.kiln.gateway.apikeys.Scope;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;

/**
 * Which scope a request needs. Every {@code /api/**} and {@code /v2/**} request needs a key, except the inference
 * health probes; everything else (the dashboard, {@code /actuator}, the OpenAPI description, Swagger UI) is public.
 *
 * <ul>
 *   <li>{@code read}: GET/HEAD on jobs, data sets, models, events, workers
 *   <li>{@code train}: submitting and cancelling jobs, uploading data sets
 *   <li>{@code predict}: {@code /v2/**} and {@code /api/v1/predict/**}
 *   <li>{@code admin}: API keys, aliases, model import and deletion, and anything not named above
 * </ul>
 */
public final class AccessRules {
    private static final Pattern READABLE = Pattern.compile("/api/v1/(jobs|datasets|models|events|workers)(/.*)?");
    private static final Pattern CANCEL = Pattern.compile("/api/v1/jobs/[^/]+/cancel");

    private AccessRules() {}

    /** The scope the request needs, or empty for a public one. */
    public static Optional<Scope> required(HttpMethod method, String path) {
        if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
            return Optional.empty();
        }
        if (path.startsWith("/v2/") || path.equals("/v2") || path.startsWith("/api/v1/predict/")) {
            return Optional.of(Scope.PREDICT);
        }
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        boolean reading = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        if (path.startsWith("/api/v1/api-keys")) {
            return Optional.of(Scope.ADMIN);
        }
        if (reading && READABLE.matcher(path).matches()) {
            return Optional.of(Scope.READ);
        }
        if (HttpMethod.POST.equals(method)
                && (path.equals("/api/v1/jobs") || CANCEL.matcher(path).matches() || path.equals("/api/v1/datasets"))) {
            return Optional.of(Scope.TRAIN);
        }
        return Optional.of(Scope.ADMIN);
    }
}
