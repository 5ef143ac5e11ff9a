package dev.kiln.inference.api.rest;

import dev.kiln.inference.config.InferenceProperties;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferenceService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * {@code POST /v2/models/{model}/infer} and {@code POST /v2/models/{model}/versions/{version}/infer} (the Open
 * Inference Protocol's infer over REST), answered ahead of every other filter and of Spring MVC's dispatch, which
 * cost about half of a one-sample request. Errors get the problem bodies and statuses {@link RestErrors} gives the
 * other endpoints; other methods on these paths get 405 with {@code Allow: POST}; other paths pass on untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class V2InferFilter extends HttpFilter {
    private final transient InferenceService service;
    private final long maxRequestBytes;

    V2InferFilter(InferenceService service, InferenceProperties properties) {
        this.service = service;
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long received = System.nanoTime();
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        InferPath path = InferPath.match(contextPath.isEmpty() ? uri : uri.substring(contextPath.length()));
        if (path == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            response.sendError(HttpStatus.METHOD_NOT_ALLOWED.value());
            return;
        }
        try {
            ModelRef model = ModelRef.parse(path.model(), path.version());
            InferRequest inferRequest;
            try (InputStream body = LimitedInput.of(request, maxRequestBytes)) {
                inferRequest = V2JsonReader.read(body, model, received);
            }
            write(
                    response,
                    HttpStatus.OK,
                    MediaType.APPLICATION_JSON_VALUE,
                    V2JsonWriter.write(service.infer(inferRequest)));
        } catch (InferenceException e) {
            HttpStatus status = RestErrors.status(e);
            if (e.code() == ErrorCode.RESOURCE_EXHAUSTED) {
                response.setHeader(HttpHeaders.RETRY_AFTER, RestErrors.RETRY_AFTER_SECONDS);
            }
            write(
                    response,
                    status,
                    ProblemJson.CONTENT_TYPE,
                    ProblemJson.write(status, e.getMessage(), e.code().name(), uri));
        }
    }

    private static void write(HttpServletResponse response, HttpStatus status, String contentType, byte[] body)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
