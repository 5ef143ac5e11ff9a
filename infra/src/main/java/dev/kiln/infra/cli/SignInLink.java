package dev.kiln.infra.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dashboard's sign-in link carries the admin API key ({@code ?key=}). In the foreground it goes to the terminal of
 * the user who started Kiln; a detached launcher's output goes to {@code logs/launcher.log} instead, so there the key
 * is replaced by a placeholder, and {@code kiln up --detach} puts it back only in what it prints.
 */
final class SignInLink {
    /** Set for the background launcher that {@code kiln up --detach} starts. */
    static final String DETACHED_VARIABLE = "KILN_LAUNCHER_DETACHED";

    static final String PLACEHOLDER = "<the key in $KILN_HOME/api-key>";

    private SignInLink() {}

    /** The text with every sign-in link's key replaced by {@link #PLACEHOLDER}. */
    static String hideKey(String text) {
        return text.replaceAll("\\?key=[^\\s]+", java.util.regex.Matcher.quoteReplacement("?key=" + PLACEHOLDER));
    }

    /** The text with the placeholder replaced by the admin key kept in {@code home}, if there is one. */
    static String revealKey(String text, Path home) throws IOException {
        Path file = home.resolve("api-key");
        if (!text.contains(PLACEHOLDER) || !Files.isReadable(file)) {
            return text;
        }
        String key = Files.readString(file).strip();
        return text.replace(PLACEHOLDER, URLEncoder.encode(key, StandardCharsets.UTF_8));
    }
}
