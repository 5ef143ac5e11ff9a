package dev.kiln.gateway.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shape of API keys: {@code kiln_<id>_<secret>}, the id 12 lower-case hex digits, the secret 32 random bytes in
 * base64url. Only sha256(secret) is ever stored; a presented secret is compared with it in constant time. The local
 * launcher ({@code infra}) makes its admin key in the same shape.
 */
public final class ApiKeyTokens {
    static final String PREFIX = "kiln_";
    private static final Pattern ID = Pattern.compile("[0-9a-z]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyTokens() {}

    /** A presented key, split into its id and secret. */
    public record Parsed(String id, String secret) {}

    /** A new key with its id. */
    public record Generated(String id, String token, String sha256) {}

    public static Generated generate() {
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idText = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Generated(idText, PREFIX + idText + "_" + secretText, sha256Hex(secretText));
    }

    /** The id and secret of a key in the Kiln shape, or empty when it is not one. */
    public static Optional<Parsed> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int split = token.indexOf('_', PREFIX.length());
        if (split < 0) {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), split);
        String secret = token.substring(split + 1);
        if (!ID.matcher(id).matches() || secret.length() < 16) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(id, secret));
    }

    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Whether the secret hashes to the stored sha256, compared in constant time. */
    public static boolean matches(String secret, String storedSha256) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedSha256);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), stored);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
