package dev.kiln.registry.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque page tokens: the keyset of the last item of a page (e.g. its creation time and id), base64url-encoded, so
 * a client can only hand them back. A token that was tampered with is a 400 naming {@code page_token}.
 */
public final class PageTokens {
    private static final String VERSION = "1";
    private static final char SEPARATOR = '\n';

    private PageTokens() {}

    public static String encode(String... keys) {
        String joined = VERSION + SEPARATOR + String.join(String.valueOf(SEPARATOR), keys);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The keys of a token, or null for a null or blank token.
     *
     * @throws ApiException INVALID_ARGUMENT when the token was not made by {@link #encode} with that many keys
     */
    public static List<String> decode(String token, int keys) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            String joined = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            List<String> parts = List.of(joined.split(String.valueOf(SEPARATOR), -1));
            if (parts.size() == keys + 1 && parts.get(0).equals(VERSION)) {
                return parts.subList(1, parts.size());
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw invalid();
    }

    public static ApiException invalid() {
        return ApiException.invalidArgument(
                "page_token",
                "page_token is not a token this service issued; pass the next_page_token of the previous page,"
                        + " or leave it out for the first page");
    }

    /** Checks a page size: 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(Integer limit, int fallback, int max) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > max) {
            throw ApiException.invalidArgument("limit", "limit must be between 1 and " + max + ", got " + limit);
        }
        return limit;
    }
}
