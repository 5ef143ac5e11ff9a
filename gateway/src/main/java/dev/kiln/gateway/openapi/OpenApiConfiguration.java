package dev.kiln.gateway.openapi;

import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * One description of the whole public API at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): the
 * hand-written {@code openapi/kiln-api.yaml}, which covers the gateway's own endpoints and the registry's and
 * inference service's routes alike. springdoc serves it; what it would find by scanning (the gateway's router
 * functions, without their shapes) is replaced by the file's paths.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    static final String DESCRIPTION = "openapi/kiln-api.yaml";

    @Bean
    OpenAPI kilnOpenApi() {
        return read();
    }

    @Bean
    OpenApiCustomizer kilnPathsOnly() {
        OpenAPI described = read();
        return api -> {
            api.setPaths(described.getPaths());
            api.setComponents(described.getComponents());
            api.setTags(described.getTags());
            api.setSecurity(described.getSecurity());
            api.setServers(described.getServers());
        };
    }

    static OpenAPI read() {
        try (InputStream in = new ClassPathResource(DESCRIPTION).getInputStream()) {
            return Yaml31.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DESCRIPTION, e);
        }
    }
}
