package dev.kiln.formats.imports;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.onnx.OnnxSignature;
import dev.kiln.formats.onnx.TensorSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks an ONNX model trained elsewhere before it is registered: it must be a well-formed {@code ModelProto} with a
 * graph, ONNX Runtime must load it, and every input and output must be a tensor. Returns its signature.
 */
public final class OnnxImportValidator {
    private final OrtEnvironment environment;

    public OnnxImportValidator(OrtEnvironment environment) {
        this.environment = environment;
    }

    /** A validator on ONNX Runtime's process-wide environment. */
    public OnnxImportValidator() {
        this(OrtEnvironment.getEnvironment());
    }

    /**
     * @return the model's inputs, outputs and metadata as ONNX Runtime reads them
     * @throws InvalidArtifactException saying why the file is not a usable ONNX model
     */
    public OnnxSignature validate(byte[] model) {
        checkProto(model);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = environment.createSession(model, options)) {
                List<TensorSignature> inputs = signatures(session.getInputInfo(), "input");
                List<TensorSignature> outputs = signatures(session.getOutputInfo(), "output");
                if (inputs.isEmpty() || outputs.isEmpty()) {
                    throw new InvalidArtifactException("the ONNX model needs at least one input and one output, it has "
                            + inputs.size() + " inputs and " + outputs.size() + " outputs");
                }
                return new OnnxSignature(inputs, outputs, session.getMetadata().getCustomMetadata());
            }
        } catch (OrtException e) {
            throw new InvalidArtifactException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static void checkProto(byte[] model) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(model);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidArtifactException(
                    "not an ONNX model, or a truncated one: the file is not a valid ONNX" + " ModelProto ("
                            + e.getMessage() + ")",
                    e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new InvalidArtifactException("not an ONNX model: the file has no graph with nodes");
        }
        if (proto.getOpsetImportCount() == 0) {
            throw new InvalidArtifactException("not a usable ONNX model: it declares no operator set (opset_import)");
        }
    }

    private static List<TensorSignature> signatures(Map<String, NodeInfo> infos, String role) {
        List<TensorSignature> signatures = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (!(info.getInfo() instanceof TensorInfo tensor)) {
                throw new InvalidArtifactException("the ONNX model's " + role + " '" + info.getName() + "' is a "
                        + info.getInfo()
                                .getClass()
                                .getSimpleName()
                                .replace("Info", "")
                                .toLowerCase(java.util.Locale.ROOT)
                        + ", not a tensor; Kiln serves models whose inputs and outputs are tensors");
            }
            List<Long> shape = Arrays.stream(tensor.getShape()).boxed().toList();
            signatures.add(new TensorSignature(info.getName(), datatype(tensor.type, info.getName()), shape));
        }
        return signatures;
    }

    /** The KServe V2 datatype of an ONNX Runtime element type. */
    private static String datatype(OnnxJavaType type, String name) {
        return switch (type) {
            case FLOAT -> "FP32";
            case DOUBLE -> "FP64";
            case FLOAT16 -> "FP16";
            case BFLOAT16 -> "BF16";
            case INT8 -> "INT8";
            case INT16 -> "INT16";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case UINT8 -> "UINT8";
            case BOOL -> "BOOL";
            case STRING -> "BYTES";
            default ->
                throw new InvalidArtifactException(
                        "the ONNX model's tensor '" + name + "' has an element type Kiln cannot serve (" + type + ")");
        };
    }
}
