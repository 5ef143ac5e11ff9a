package dev.kiln.inference.models;

import dev.kiln.contracts.Topics;
import dev.kiln.contracts.events.EventCodec;
import dev.kiln.contracts.events.KilnEvent;
import dev.kiln.contracts.events.ModelAliasChanged;
import dev.kiln.contracts.events.ModelVersionDeleted;
import dev.kiln.contracts.events.ModelVersionRegistered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this replica's resolutions current from {@code model-events}. Every replica must see every event, so each
 * consumes in a group of its own ({@code inference-<random uuid>}) from the latest offset: a replica that starts later
 * resolves afresh anyway. Events are notifications, so one that cannot be read is logged and skipped rather than
 * sent to a dead-letter topic (every replica would write its own copy); the refresh interval covers a lost event.
 */
@Component
class ModelEventsListener {
    static final String LISTENER_ID = "model-events";
    private static final Logger log = LoggerFactory.getLogger(ModelEventsListener.class);

    private final ModelResolver resolver;

    ModelEventsListener(ModelResolver resolver) {
        this.resolver = resolver;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = Topics.MODEL_EVENTS,
            groupId = "${kiln.inference.events.group-id:inference-${random.uuid}}",
            properties = {"auto.offset.reset=latest"})
    void onEvent(String json) {
        KilnEvent event;
        try {
            event = EventCodec.fromJson(json);
        } catch (IllegalArgumentException e) {
            log.warn("skipping an unreadable model event: {}", e.getMessage());
            return;
        }
        if (event instanceof ModelAliasChanged changed) {
            log.info(
                    "model {} alias {} -> {}",
                    changed.modelName(),
                    changed.alias(),
                    changed.deleted() ? "(deleted)" : changed.version());
            resolver.aliasChanged(changed.modelName(), changed.alias(), changed.version());
        } else if (event instanceof ModelVersionRegistered registered) {
            resolver.modelChanged(registered.modelName());
        } else if (event instanceof ModelVersionDeleted deleted) {
            resolver.versionDeleted(deleted.modelName(), deleted.version());
        } else {
            log.debug("ignoring {} on {}", event.type(), Topics.MODEL_EVENTS);
        }
    }
}
