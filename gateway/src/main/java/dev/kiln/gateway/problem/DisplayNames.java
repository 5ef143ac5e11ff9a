package dev.kiln.gateway.problem;

import java.util.Locale;
import java.util.Optional;

/**
 * Free-text names (of jobs, of API keys) are shown in lists, logs and the dashboard: a newline or an escape sequence in
 * one would forge lines there, so they must be printable.
 */
public final class DisplayNames {
    private DisplayNames() {}

    /** Why {@code value} is not a printable name, or empty when it is. */
    public static Optional<String> controlCharacterProblem(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of(String.format(
                        Locale.ROOT,
                        "%s must not contain control characters; found U+%04X at index %d. Use printable text, e.g."
                                + " 'fmnist-mlp'",
                        field,
                        (int) c,
                        i));
            }
        }
        return Optional.empty();
    }
}
