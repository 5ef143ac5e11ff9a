package dev.kiln.formats.onnx;

/** The metadata property keys of a Kiln ONNX model; values are text (JSON for lists and objects). */
public final class OnnxMetadataKeys {
    /** The registered model name. */
    public static final String MODEL_NAME = "kiln.model.name";
    /** The model version. */
    public static final String MODEL_VERSION = "kiln.model.version";
    /** The class labels as a JSON array of strings, index i naming output i. */
    public static final String LABELS = "kiln.labels";
    /** The input normalisation built into the graph, JSON {@code {"mean": [...], "std": [...]}}. */
    public static final String NORMALIZATION = "kiln.normalization";
    /** The resolved model spec (JSON) the graph was built from. */
    public static final String SPEC = "kiln.spec";

    /** The input tensor name. */
    public static final String INPUT = "input";
    /** The raw scores of the last layer. */
    public static final String LOGITS = "logits";
    /** Softmax of the logits over dimension 1. */
    public static final String PROBABILITIES = "probabilities";

    private OnnxMetadataKeys() {}
}
