package dev.kiln.formats.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import dev.kiln.contracts.spec.InferredModel;
import dev.kiln.contracts.spec.LayerShape;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.contracts.spec.ShapeInference;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.imports.StateDictValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a model spec and its trained tensors as an ONNX model (opset 17) for ONNX Runtime: input {@code input}
 * {@code [batch, *sampleShape]} float32 (pixel / 255 for images), the input normalisation as {@code Sub}/{@code Div}
 * nodes, the layers in eval mode, and two outputs, {@code logits} and {@code probabilities} (Softmax over dimension
 * 1). Labels, normalisation, model name/version and the resolved spec are metadata properties
 * ({@link OnnxMetadataKeys}).
 */
public final class OnnxExporter {
    public static final int OPSET = 17;
    /** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
    public static final long IR_VERSION = 8;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String producerVersion;

    /** @param producerVersion the Kiln version recorded as the model's producer_version */
    public OnnxExporter(String producerVersion) {
        this.producerVersion = producerVersion;
    }

    /**
     * Builds the ONNX model.
     *
     * @param spec the model spec (layers and input shape)
     * @param stateDict the trained tensors, keyed as {@code nn.Sequential} keys them; must match the spec
     * @param metadata labels, normalisation and the model's name and version
     * @return the serialized {@code ModelProto}
     * @throws dev.kiln.contracts.spec.InvalidModelSpecException if the spec is impossible
     * @throws dev.kiln.formats.imports.StateDictMismatchException if the tensors do not fit the spec
     */
    public byte[] export(ModelSpec spec, StateDict stateDict, OnnxExportMetadata metadata) {
        InferredModel model = ShapeInference.infer(spec);
        StateDictValidator.requireMatch(stateDict, model);
        List<Integer> sampleShape = model.inputShape();
        String graphName = metadata.modelName() == null ? "kiln-model" : metadata.modelName();
        OnnxGraph graph = new OnnxGraph(graphName);
        graph.input(OnnxMetadataKeys.INPUT, sampleShape);

        String current = normalise(graph, metadata.normalization(), sampleShape);
        LayerNodes layers = new LayerNodes(graph, stateDict);
        for (LayerShape layer : model.layers()) {
            current = layers.add(layer, current);
        }
        if (current.equals(OnnxMetadataKeys.INPUT)) {
            graph.node("/logits/Identity", "Identity", List.of(current), OnnxMetadataKeys.LOGITS);
        } else {
            graph.renameLastOutput(current, OnnxMetadataKeys.LOGITS);
        }
        graph.node(
                        "/probabilities/Softmax",
                        "Softmax",
                        List.of(OnnxMetadataKeys.LOGITS),
                        OnnxMetadataKeys.PROBABILITIES)
                .integer("axis", 1);
        graph.output(OnnxMetadataKeys.LOGITS, model.outputShape());
        graph.output(OnnxMetadataKeys.PROBABILITIES, model.outputShape());

        ModelProto.Builder proto = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("kiln")
                .setProducerVersion(producerVersion)
                .setDocString("Exported by Kiln from a torch.nn.Sequential-style model spec")
                .setGraph(graph.build());
        if (metadata.modelVersion() != null && metadata.modelVersion().matches("[0-9]{1,18}")) {
            proto.setModelVersion(Long.parseLong(metadata.modelVersion()));
        }
        properties(metadata, model)
                .forEach((key, value) -> proto.addMetadataProps(
                        StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return proto.build().toByteArray();
    }

    /** Adds {@code (input - mean) / std} when there is a normalisation; returns the tensor the layers read. */
    private static String normalise(OnnxGraph graph, InputNormalization normalization, List<Integer> sampleShape) {
        if (normalization == null) {
            return OnnxMetadataKeys.INPUT;
        }
        long[] shape = normalization.broadcastShape(sampleShape);
        graph.floats("normalization.mean", shape, toFloats(normalization.mean()));
        graph.floats("normalization.std", shape, toFloats(normalization.std()));
        graph.node(
                "/normalization/Sub",
                "Sub",
                List.of(OnnxMetadataKeys.INPUT, "normalization.mean"),
                "/normalization/Sub_output");
        graph.node(
                "/normalization/Div",
                "Div",
                List.of("/normalization/Sub_output", "normalization.std"),
                "/normalization/Div_output");
        return "/normalization/Div_output";
    }

    private static Map<String, String> properties(OnnxExportMetadata metadata, InferredModel model) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (metadata.modelName() != null) {
            properties.put(OnnxMetadataKeys.MODEL_NAME, metadata.modelName());
        }
        if (metadata.modelVersion() != null) {
            properties.put(OnnxMetadataKeys.MODEL_VERSION, metadata.modelVersion());
        }
        properties.put(OnnxMetadataKeys.LABELS, JSON.writeValueAsString(metadata.labels()));
        if (metadata.normalization() != null) {
            properties.put(
                    OnnxMetadataKeys.NORMALIZATION,
                    JSON.writeValueAsString(normalizationJson(metadata.normalization())));
        }
        properties.put(OnnxMetadataKeys.SPEC, ModelSpecJson.toJson(model.resolvedSpec()));
        return properties;
    }

    private static Map<String, List<Double>> normalizationJson(InputNormalization normalization) {
        Map<String, List<Double>> json = new LinkedHashMap<>();
        json.put("mean", normalization.mean());
        json.put("std", normalization.std());
        return json;
    }

    private static float[] toFloats(List<Double> values) {
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i).floatValue();
        }
        return floats;
    }
}
