package dev.kiln.registry.models;

import dev.kiln.contracts.StorageLayout;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.imports.OnnxImportValidator;
import dev.kiln.formats.imports.StateDictImportValidator;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import dev.kiln.formats.onnx.OnnxSignature;
import dev.kiln.formats.onnx.TensorSignature;
import dev.kiln.registry.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Validates a model trained elsewhere and registers it as the next version: an ONNX file must load in ONNX Runtime
 * (its signature is what the runtime reads); a state dict must match its spec tensor for tensor, and is exported to
 * ONNX so the inference service can serve it. Nothing is registered unless the files are valid.
 */
@Service
class ModelImport {
    private final ImportedVersionWriter writer;
    private final StateDictImportValidator stateDicts = new StateDictImportValidator();
    private OnnxImportValidator onnx;

    ModelImport(ImportedVersionWriter writer) {
        this.writer = writer;
    }

    RegisteredVersion importModel(ImportRequest request) {
        try {
            StorageLayout.requireValidName("model name", request.model());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("name", e.getMessage());
        }
        if ((request.onnx() == null) == (request.stateDict() == null)) {
            throw ApiException.invalidArgument(
                    "onnx",
                    "send exactly one model file: an 'onnx' part (model.onnx), or a 'state_dict' part"
                            + " (state_dict.pt) with a 'spec' field");
        }
        return request.stateDict() != null ? fromStateDict(request) : fromOnnx(request);
    }

    private RegisteredVersion fromOnnx(ImportRequest request) {
        OnnxSignature read;
        try {
            read = onnxValidator().validate(request.onnx());
        } catch (InvalidArtifactException e) {
            throw ApiException.invalidArgument("onnx", e.getMessage());
        }
        List<Signature.Tensor> outputs = new ArrayList<>(tensors(read.outputs()));
        if (!request.labels().isEmpty()) {
            List<Long> first = read.outputs().get(0).shape();
            long classes = first.isEmpty() ? -1 : first.get(first.size() - 1);
            if (classes > 0 && classes != request.labels().size()) {
                throw ApiException.invalidArgument(
                        "labels",
                        "labels has " + request.labels().size() + " names but the model's output '"
                                + read.outputs().get(0).name() + "' has " + classes + " classes");
            }
            outputs.add(new Signature.Tensor("label", List.of(-1L), "BYTES"));
        }
        Signature signature = new Signature(tensors(read.inputs()), outputs);
        List<Integer> inputShape = read.inputs().get(0).shape().stream()
                .skip(1)
                .map(Long::intValue)
                .toList();
        return writer.write(request, signature, inputShape, version -> request.onnx());
    }

    private RegisteredVersion fromStateDict(ImportRequest request) {
        if (request.spec() == null) {
            throw ApiException.invalidArgument(
                    "spec",
                    "a state dict needs its model spec in the 'spec' field, e.g. {\"input\": {\"shape\":"
                            + " [1, 28, 28]}, \"layers\": [...]}");
        }
        InferredModel inferred;
        StateDict stateDict;
        try {
            inferred = ShapeInference.infer(request.spec());
            stateDict = stateDicts.validate(request.stateDict(), request.spec());
        } catch (InvalidModelSpecException e) {
            throw ApiException.invalidArgument("spec", e.getMessage());
        } catch (InvalidArtifactException e) {
            throw ApiException.invalidArgument("state_dict", e.getMessage());
        }
        List<Integer> output = inferred.outputShape();
        if (output.size() != 1) {
            throw ApiException.invalidArgument(
                    "spec",
                    "the model's output has shape " + output + "; a classifier's last layer gives one"
                            + " score per class, e.g. Linear(out_features=10)");
        }
        if (!request.labels().isEmpty() && request.labels().size() != output.get(0)) {
            throw ApiException.invalidArgument(
                    "labels",
                    "labels has " + request.labels().size() + " names but the model has " + output.get(0) + " outputs");
        }
        Signature signature = Signature.classifier(inferred.inputShape(), output.get(0));
        return writer.write(request, signature, inferred.inputShape(), version -> {
            try {
                return new OnnxExporter("kiln")
                        .export(
                                request.spec(),
                                stateDict,
                                new OnnxExportMetadata(
                                        request.model(),
                                        String.valueOf(version),
                                        request.labels(),
                                        request.normalization()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidArgument("normalization", e.getMessage());
            }
        });
    }

    private synchronized OnnxImportValidator onnxValidator() {
        // ONNX Runtime's native library is loaded on first use, not at start-up.
        if (onnx == null) {
            onnx = new OnnxImportValidator();
        }
        return onnx;
    }

    private static List<Signature.Tensor> tensors(List<TensorSignature> signatures) {
        return signatures.stream()
                .map(t -> new Signature.Tensor(t.name(), t.shape(), t.datatype()))
                .toList();
    }
}
