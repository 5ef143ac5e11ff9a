package dev.kiln.infra.cli.client;

import java.util.Iterator;
import java.util.Optional;

/**
 * Reads a {@code text/event-stream} line by line into events: {@code event:} names it, {@code data:} lines are its
 * data (joined with newlines), a blank line ends it, {@code :} lines are comments (the gateway's keep-alives).
 */
final class ServerSentEvents {
    /**
     * One event.
     *
     * @param type the {@code event:} field, "message" when absent
     * @param data its data
     */
    record Event(String type, String data) {}

    private final Iterator<String> lines;

    ServerSentEvents(Iterator<String> lines) {
        this.lines = lines;
    }

    /** The next event, or empty when the stream ended. */
    Optional<Event> next() {
        String type = null;
        StringBuilder data = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(type == null ? "message" : type, data.toString()));
                }
                type = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                type = value;
            } else if (field.equals("data")) {
                data = data == null
                        ? new StringBuilder(value)
                        : data.append('\n').append(value);
            }
        }
        return Optional.empty();
    }
}
