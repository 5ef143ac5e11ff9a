package dev.kiln.infra.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The local stack's admin API key, made at its first start and kept in {@code $KILN_HOME/api-key} (readable by its
 * owner only), where the CLI and the tests read it. It has the gateway's shape, {@code kiln_<id>_<secret>}; only the
 * id and sha256(secret) are passed to the gateway, which records the key on its {@code api-keys} topic (so it can be
 * revoked like any other).
 *
 * @param id the key id
 * @param sha256 sha256 of the secret, lower-case hex
 * @param token the whole key, for the sign-in link
 */
public record AdminApiKey(String id, String sha256, String token) {
    public static final String FILE = "api-key";
    private static final String PREFIX = "kiln_";

    public static AdminApiKey loadOrCreate(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            int split = token.indexOf('_', PREFIX.length());
            if (token.startsWith(PREFIX) && split > PREFIX.length()) {
                return new AdminApiKey(
                        token.substring(PREFIX.length(), split), sha256Hex(token.substring(split + 1)), token);
            }
            throw new IOException(file + " does not hold a Kiln API key (kiln_<id>_<secret>); delete it and start"
                    + " again to make a new admin key");
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String idText = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String token = PREFIX + idText + "_" + secretText;
        Files.createDirectories(home);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(token);
            w.write('\n');
        }
        return new AdminApiKey(idText, sha256Hex(secretText), token);
    }

    private static String sha256Hex(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminApiKey[" + id + "]";
    }
}
