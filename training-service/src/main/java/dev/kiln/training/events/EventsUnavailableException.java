package dev.kiln.training.events;

/** Kafka did not acknowledge an event in time; the job's offset must not be committed. */
public class EventsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
