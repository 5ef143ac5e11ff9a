package dev.kiln.inference.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.kiln.inference.error.ErrorCode;
import dev.kiln.inference.error.InferenceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** An ONNX Runtime session with its tensor descriptions. */
final class OrtLoadedModel implements LoadedModel {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, String> metadata;
    private final long memoryBytes;

    private OrtLoadedModel(
            OrtEnvironment environment,
            OrtSession session,
            List<TensorSpec> inputs,
            List<TensorSpec> outputs,
            Map<String, String> metadata,
            long memoryBytes) {
        this.environment = environment;
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
        this.metadata = metadata;
        this.memoryBytes = memoryBytes;
    }

    static OrtLoadedModel of(OrtEnvironment environment, OrtSession session, long artifactBytes, String description)
            throws OrtException {
        List<TensorSpec> inputs = specs(session.getInputInfo(), "input", description);
        List<TensorSpec> outputs = specs(session.getOutputInfo(), "output", description);
        Map<String, String> metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
        // ONNX Runtime keeps the initializers (nearly all of an MLP's or CNN's bytes) once, so the artifact's size is
        // the measure of what a loaded model holds; activations live in per-run buffers.
        return new OrtLoadedModel(environment, session, inputs, outputs, metadata, artifactBytes);
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos, String kind, String description) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw unsupported(description, kind, node.getName(), "is not a tensor");
            }
            String datatype = datatype(tensor);
            if (!datatype.equals("FP32")) {
                throw unsupported(description, kind, node.getName(), "is " + datatype);
            }
            specs.add(new TensorSpec(
                    node.getName(),
                    datatype,
                    Arrays.stream(tensor.getShape()).boxed().toList()));
        }
        return List.copyOf(specs);
    }

    private static InferenceException unsupported(String description, String kind, String name, String what) {
        return new InferenceException(
                ErrorCode.UNAVAILABLE,
                "model " + description + " " + kind + " '" + name + "' " + what
                        + "; this server serves models whose inputs and outputs are FP32 tensors");
    }

    /** The Open Inference Protocol's name for an ONNX element type. */
    static String datatype(TensorInfo tensor) {
        return switch (tensor.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "FP32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> "FP64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> "FP16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> "BF16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> "INT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> "INT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> "INT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> "INT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> "UINT8";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> "UINT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> "UINT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> "UINT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> "BOOL";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> "BYTES";
            default -> tensor.onnxType.name();
        };
    }

    @Override
    public List<TensorSpec> inputs() {
        return inputs;
    }

    @Override
    public List<TensorSpec> outputs() {
        return outputs;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public long memoryBytes() {
        return memoryBytes;
    }

    @Override
    public ModelRunner newRunner() {
        return new OrtModelRunner(environment, session, inputs, outputs);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
        }
    }
}
