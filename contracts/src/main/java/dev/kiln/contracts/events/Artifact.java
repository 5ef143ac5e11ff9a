package dev.kiln.contracts.events;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A file a job produced.
 *
 * @param file the file name, e.g. {@code model.onnx} (see {@code StorageLayout})
 * @param uri where it is stored, e.g. {@code s3://kiln/jobs/{jobId}/artifacts/model.onnx}
 * @param sizeBytes its size
 * @param sha256 lower-case hex SHA-256 of its bytes
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Artifact(String file, String uri, long sizeBytes, String sha256) {}
