package dev.kiln.contracts;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Object keys of Kiln's bucket (MinIO or any S3 API), as laid out in ARCHITECTURE.md:
 *
 * <ul>
 *   <li>{@code datasets/{dataset}/…} uploaded files plus {@code dataset.json}
 *   <li>{@code jobs/{jobId}/checkpoints/…} parameters and optimizer state for resume
 *   <li>{@code models/{model}/{version}/model.onnx}, {@code state_dict.pt}, {@code model.safetensors},
 *       {@code spec.json}, {@code metrics.json}, {@code MANIFEST.json}
 * </ul>
 *
 * Every name that becomes part of a key is validated, so no key can escape its prefix.
 */
public final class StorageLayout {
    /** ONNX export of a model version. */
    public static final String MODEL_ONNX = "model.onnx";
    /** PyTorch state dict ({@code torch.load}-able zip) of a model version. */
    public static final String STATE_DICT = "state_dict.pt";
    /** Safetensors export of a model version. */
    public static final String SAFETENSORS = "model.safetensors";
    /** The model spec, labels and normalisation of a model version. */
    public static final String SPEC_JSON = "spec.json";
    /** Training and test metrics of a model version. */
    public static final String METRICS_JSON = "metrics.json";
    /** Size and sha256 of every file of a model version. */
    public static final String MANIFEST_JSON = "MANIFEST.json";
    /** Description of a data set (shape, classes, counts), beside its files. */
    public static final String DATASET_JSON = "dataset.json";

    /** Pattern of model, data set and job names used in keys. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private static final int MAX_FILE_NAME_LENGTH = 255;

    private StorageLayout() {}

    /** {@code datasets/{name}/}. */
    public static String datasetPrefix(String name) {
        return "datasets/" + requireValidName("dataset name", name) + "/";
    }

    /** {@code datasets/{name}/{file}}. */
    public static String datasetFile(String name, String file) {
        return datasetPrefix(name) + requireValidFileName("dataset file name", file);
    }

    /** {@code jobs/{jobId}/}. */
    public static String jobPrefix(String jobId) {
        return "jobs/" + requireValidName("job id", jobId) + "/";
    }

    /** {@code jobs/{jobId}/checkpoints/}. */
    public static String checkpointPrefix(String jobId) {
        return jobPrefix(jobId) + "checkpoints/";
    }

    /** {@code jobs/{jobId}/checkpoints/{file}}. */
    public static String checkpointFile(String jobId, String file) {
        return checkpointPrefix(jobId) + requireValidFileName("checkpoint file name", file);
    }

    /** {@code models/{model}/}: every version of a registered model. */
    public static String modelPrefix(String model) {
        return "models/" + requireValidName("model name", model) + "/";
    }

    /** {@code models/{model}/{version}/}. */
    public static String modelVersionPrefix(String model, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("model version must be 1 or more, got " + version);
        }
        return modelPrefix(model) + version + "/";
    }

    /** {@code models/{model}/{version}/{file}}, e.g. {@code models/fashion-mnist-classifier/3/model.onnx}. */
    public static String modelFile(String model, int version, String file) {
        return modelVersionPrefix(model, version) + requireValidFileName("model file name", file);
    }

    /**
     * Checks a name that becomes one segment of an object key (model, data set, job): 1 to 63 characters of
     * {@code a-z 0-9 . _ -}, starting with a letter or digit, without {@code ".."}.
     *
     * @param field what the name is, for the message (e.g. "model name")
     * @return the value, unchanged
     * @throws IllegalArgumentException saying what is wrong and what would be right
     */
    public static String requireValidName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String problem = commonProblem(value);
        if (problem == null && value.length() > 63) {
            problem = "is " + value.length() + " characters long, at most 63 are allowed";
        } else if (problem == null && !value.equals(value.toLowerCase(Locale.ROOT))) {
            problem = "has upper-case letters";
        } else if (problem == null && !NAME_PATTERN.matcher(value).matches()) {
            problem = "has characters that are not allowed or does not start with a letter or digit";
        }
        if (problem != null) {
            throw new IllegalArgumentException(field + " '" + printable(value) + "' " + problem
                    + "; use 1-63 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"
                    + " (e.g. 'fashion-mnist')");
        }
        return value;
    }

    /**
     * Checks a file name that becomes the last segment of an object key: 1 to 255 characters, no {@code /},
     * no {@code \}, no control characters, not {@code .} or {@code ..} and no {@code ..} inside.
     *
     * @return the value, unchanged
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String requireValidFileName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String problem = commonProblem(value);
        if (problem == null && value.indexOf('\\') >= 0) {
            problem = "contains '\\'";
        } else if (problem == null && value.length() > MAX_FILE_NAME_LENGTH) {
            problem = "is " + value.length() + " characters long, at most " + MAX_FILE_NAME_LENGTH + " are allowed";
        } else if (problem == null && value.startsWith(".")) {
            problem = "starts with '.'";
        }
        if (problem != null) {
            throw new IllegalArgumentException(
                    field + " '" + printable(value) + "' " + problem + "; give a plain file name such as 'model.onnx'");
        }
        return value;
    }

    private static String commonProblem(String value) {
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            return "contains control characters";
        }
        if (value.indexOf('/') >= 0) {
            return "contains '/'";
        }
        if (value.contains("..")) {
            return "contains '..'";
        }
        return null;
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 80 ? out + "…" : out.toString();
    }
}
