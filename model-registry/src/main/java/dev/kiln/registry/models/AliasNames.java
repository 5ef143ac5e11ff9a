package dev.kiln.registry.models;

import dev.kiln.registry.api.ApiException;
import java.util.regex.Pattern;

/** Alias names: like model names, and never {@code latest} or {@code v<digits>}, which always mean a version. */
final class AliasNames {
    static final String LATEST = "latest";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern VERSION_REF = Pattern.compile("v([0-9]{1,9})");

    private AliasNames() {}

    /** The version an alias name stands for by itself ({@code v3} is 3), or null. */
    static Integer versionReference(String alias) {
        var m = VERSION_REF.matcher(alias);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    static boolean reserved(String alias) {
        return LATEST.equals(alias) || alias.matches("v[0-9]+");
    }

    /** Checks an alias that is to be set or deleted. */
    static String requireSettable(String alias) {
        if (!VALID.matcher(alias).matches()) {
            throw ApiException.invalidArgument(
                    "alias",
                    "alias '" + alias + "' is not valid; use 1-63 characters of a-z, 0-9, '.', '_' and '-',"
                            + " starting with a letter or digit (e.g. 'production')");
        }
        if (reserved(alias)) {
            throw ApiException.invalidArgument(
                    "alias",
                    "alias '" + alias + "' is reserved: 'latest' always means the newest READY version and"
                            + " 'v<number>' that version; choose another name such as 'production' or 'champion'");
        }
        return alias;
    }
}
