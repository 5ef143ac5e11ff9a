package dev.kiln.registry.storage;

import dev.kiln.contracts.StorageLayout;

/**
 * Where a training job leaves its artifacts for the registry, and how their {@code s3://} URIs are written. The
 * trainer writes every file of a finished job under {@code jobs/{jobId}/artifacts/{file}} ({@code model.onnx},
 * {@code state_dict.pt}, {@code model.safetensors}, {@code spec.json}, {@code metrics.json} and
 * {@code MANIFEST.json}); the event's {@code uri} of each is {@code s3://{bucket}/jobs/{jobId}/artifacts/{file}}. On
 * registration the registry copies them to {@link StorageLayout#modelFile} keys.
 *
 * <p>Only depends on {@code contracts}, so it can move there unchanged once the trainer needs it.
 */
public final class JobArtifactLayout {
    /** The folder under a job's prefix that holds its exported artifacts. */
    public static final String ARTIFACTS_FOLDER = "artifacts/";

    private static final String SCHEME = "s3://";

    private JobArtifactLayout() {}

    /** {@code jobs/{jobId}/artifacts/}. */
    public static String artifactsPrefix(String jobId) {
        return StorageLayout.jobPrefix(jobId) + ARTIFACTS_FOLDER;
    }

    /** {@code jobs/{jobId}/artifacts/{file}}. */
    public static String artifactFile(String jobId, String file) {
        return artifactsPrefix(jobId) + StorageLayout.requireValidFileName("artifact file name", file);
    }

    /** {@code s3://{bucket}/{key}}. */
    public static String uri(String bucket, String key) {
        return SCHEME + bucket + "/" + key;
    }

    /**
     * The key of an {@code s3://{bucket}/{key}} URI.
     *
     * @throws IllegalArgumentException if it is not an s3 URI of this bucket
     */
    public static String keyOf(String bucket, String uri) {
        String prefix = SCHEME + bucket + "/";
        if (uri == null || !uri.startsWith(prefix) || uri.length() == prefix.length()) {
            throw new IllegalArgumentException("artifact URI '" + uri + "' is not in this registry's bucket; expected "
                    + prefix + "jobs/{job id}/artifacts/{file}");
        }
        return uri.substring(prefix.length());
    }
}
