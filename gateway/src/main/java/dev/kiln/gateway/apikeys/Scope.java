package dev.kiln.gateway.apikeys;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do. {@code admin} implies every other scope. */
public enum Scope {
    /** List and read jobs, data sets, models, workers; watch job events. */
    READ,
    /** Submit and cancel jobs, upload data sets. */
    TRAIN,
    /** Run inference ({@code /v2/**}, {@code /api/v1/predict/**}). */
    PREDICT,
    /** Aliases, model import and deletion, API keys. */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst();
    }

    public static String allWire() {
        return String.join(", ", Arrays.stream(values()).map(Scope::wire).toList());
    }
}
