package dev.kiln.registry.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Creates Kiln's bucket at start-up when the S3 server does not have it yet. */
@Component
class BucketStartup {
    private static final Logger log = LoggerFactory.getLogger(BucketStartup.class);
    private final ObjectStore store;

    BucketStartup(ObjectStore store) {
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void ensureBucket() {
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            log.warn(
                    "could not make sure bucket {} exists (storage health will tell): {}",
                    store.bucket(),
                    e.getMessage());
        }
    }
}
