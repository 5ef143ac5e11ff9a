package dev.kiln.inference.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.kiln.contracts.inference.v2.InferTensorContents;
import dev.kiln.contracts.inference.v2.ModelInferRequest;
import dev.kiln.contracts.inference.v2.ModelInferResponse;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ModelRef;
import dev.kiln.inference.serving.InferInput;
import dev.kiln.inference.serving.InferOutput;
import dev.kiln.inference.serving.InferRequest;
import dev.kiln.inference.serving.InferResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps KServe's {@code ModelInferRequest}/{@code ModelInferResponse} to the core's records. Inputs come as typed
 * {@code contents} or as {@code raw_input_contents} (little-endian, read in place), never both in one request; a
 * request that sent raw inputs gets {@code raw_output_contents} back (BYTES elements as 4-byte little-endian length +
 * bytes, as Triton writes them), any other gets typed contents.
 */
final class GrpcCodec {
    private GrpcCodec() {}

    static InferRequest request(ModelInferRequest request, long receivedNanos) {
        ModelRef model = ModelRef.parse(request.getModelName(), request.getModelVersion());
        int rawCount = request.getRawInputContentsCount();
        boolean raw = rawCount > 0;
        if (raw) {
            for (ModelInferRequest.InferInputTensor input : request.getInputsList()) {
                if (input.hasContents() && !input.getContents().equals(InferTensorContents.getDefaultInstance())) {
                    throw InferenceException.invalid("input '" + input.getName() + "' has typed contents while the"
                            + " request also has raw_input_contents; send every input one way, not both");
                }
            }
            if (rawCount != request.getInputsCount()) {
                throw InferenceException.invalid("raw_input_contents has " + rawCount + " entries for "
                        + request.getInputsCount() + " inputs; give one per input, in the order of inputs");
            }
        }
        List<InferInput> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            long[] shape = new long[input.getShapeCount()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = input.getShape(d);
            }
            FloatBuffer data = raw ? rawData(input, request.getRawInputContents(i)) : typedData(input);
            inputs.add(new InferInput(input.getName(), input.getDatatype(), shape, data));
        }
        List<String> outputs = new ArrayList<>(request.getOutputsCount());
        request.getOutputsList().forEach(o -> outputs.add(o.getName()));
        String id = request.getId().isEmpty() ? null : request.getId();
        return new InferRequest(model, id, inputs, outputs, "grpc", receivedNanos);
    }

    private static FloatBuffer rawData(ModelInferRequest.InferInputTensor input, ByteString bytes) {
        if (!"FP32".equals(input.getDatatype())) {
            return null;
        }
        if (bytes.size() % Float.BYTES != 0) {
            throw InferenceException.invalid("raw_input_contents of input '" + input.getName() + "' has " + bytes.size()
                    + " bytes, not a whole number of 4-byte FP32 values");
        }
        return bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    private static FloatBuffer typedData(ModelInferRequest.InferInputTensor input) {
        InferTensorContents contents = input.getContents();
        int count = contents.getFp32ContentsCount();
        if (count == 0 && "FP32".equals(input.getDatatype()) && otherContents(contents)) {
            throw InferenceException.invalid("input '" + input.getName()
                    + "' is FP32 but its values are not in contents.fp32_contents; put them there");
        }
        if (!"FP32".equals(input.getDatatype()) && count == 0) {
            return null;
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = contents.getFp32Contents(i);
        }
        return FloatBuffer.wrap(values);
    }

    private static boolean otherContents(InferTensorContents c) {
        return c.getBoolContentsCount()
                        + c.getIntContentsCount()
                        + c.getInt64ContentsCount()
                        + c.getUintContentsCount()
                        + c.getUint64ContentsCount()
                        + c.getFp64ContentsCount()
                        + c.getBytesContentsCount()
                > 0;
    }

    static ModelInferResponse response(InferResponse response, boolean raw) {
        ModelInferResponse.Builder builder = ModelInferResponse.newBuilder()
                .setModelName(response.modelName())
                .setModelVersion(response.modelVersion());
        if (response.id() != null) {
            builder.setId(response.id());
        }
        for (InferOutput output : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name())
                    .setDatatype(output.datatype());
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            if (raw) {
                builder.addRawOutputContents(output.fp32() != null ? rawFloats(output.fp32()) : rawStrings(output));
            } else {
                tensor.setContents(typedContents(output));
            }
            builder.addOutputs(tensor);
        }
        return builder.build();
    }

    private static InferTensorContents typedContents(InferOutput output) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        if (output.fp32() != null) {
            for (float value : output.fp32()) {
                contents.addFp32Contents(value);
            }
        } else {
            for (String value : output.strings()) {
                contents.addBytesContents(ByteString.copyFromUtf8(value));
            }
        }
        return contents.build();
    }

    private static ByteString rawFloats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return UnsafeByteOperations.unsafeWrap(bytes.array());
    }

    private static ByteString rawStrings(InferOutput output) {
        List<byte[]> encoded = new ArrayList<>(output.strings().length);
        int size = 0;
        for (String value : output.strings()) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            encoded.add(utf8);
            size += Integer.BYTES + utf8.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] utf8 : encoded) {
            bytes.putInt(utf8.length).put(utf8);
        }
        return UnsafeByteOperations.unsafeWrap(bytes.array());
    }
}
