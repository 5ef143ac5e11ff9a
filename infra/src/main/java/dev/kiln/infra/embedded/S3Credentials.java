package dev.kiln.infra.embedded;

/** Access and secret key of an S3 server. */
public record S3Credentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
