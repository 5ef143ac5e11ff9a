package dev.kiln.gateway.correlation;

import dev.kiln.contracts.messaging.CorrelationId;
import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;

/**
 * Lets Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto}) copy the
 * correlation id between the Reactor context and the logging MDC, so log lines written while a request is handled
 * carry its id whichever thread writes them.
 */
@Configuration(proxyBeanMethods = false)
class MdcPropagation {
    MdcPropagation() {
        // replaces an accessor with the same key, so a second application context in one JVM is harmless
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(
                        CorrelationId.MDC_KEY,
                        () -> MDC.get(CorrelationId.MDC_KEY),
                        value -> MDC.put(CorrelationId.MDC_KEY, value),
                        () -> MDC.remove(CorrelationId.MDC_KEY));
    }
}
