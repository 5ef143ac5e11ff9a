package dev.kiln.infra.stack;

import dev.kiln.infra.embedded.S3Credentials;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Secrets of the local stack, made at its first start and kept in {@code $KILN_HOME/secrets.properties}, readable by
 * its owner only: the S3 keys of the embedded object store.
 */
public final class LocalSecrets {
    private LocalSecrets() {}

    public static S3Credentials s3Credentials(Path home) throws IOException {
        Path file = home.resolve("secrets.properties");
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                props.load(r);
            }
        }
        if (props.getProperty("s3.secret-key") == null) {
            props.setProperty("s3.access-key", "kiln");
            props.setProperty("s3.secret-key", randomSecret());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer w = Files.newBufferedWriter(file)) {
                props.store(w, "Kiln local stack secrets; keep private");
            }
        }
        return new S3Credentials(props.getProperty("s3.access-key"), props.getProperty("s3.secret-key"));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
