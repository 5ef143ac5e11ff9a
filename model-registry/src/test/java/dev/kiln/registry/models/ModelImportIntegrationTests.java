package dev.kiln.registry.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.imports.OnnxImportValidator;
import dev.kiln.formats.onnx.OnnxExportMetadata;
import dev.kiln.formats.onnx.OnnxExporter;
import dev.kiln.formats.onnx.OnnxSignature;
import dev.kiln.formats.onnx.TensorSignature;
import dev.kiln.formats.torch.TorchStateDictWriter;
import dev.kiln.registry.Multipart;
import dev.kiln.registry.RegistryIntegrationTestBase;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelImportIntegrationTests extends RegistryIntegrationTestBase {
    static final String SPEC = "{\"input\": {\"shape\": [1, 4, 4]}, \"layers\": [{\"type\": \"Flatten\"},"
            + " {\"type\": \"Linear\", \"out_features\": 3}]}";

    @TempDir
    Path dir;

    @Test
    void stateDictWithItsSpecIsImportedAsAReadyVersionWithAnOnnxExportOfIt() throws Exception {
        String model = TrainedVersions.uniqueModel("imported-pt");
        Multipart body = new Multipart()
                .file("state_dict", write("state_dict.pt", stateDictFile(3)))
                .field("spec", SPEC)
                .field("labels", "[\"cat\", \"dog\", \"bird\"]")
                .field("normalization", "{\"mean\": [0.5], \"std\": [0.25]}");

        HttpResponse<String> response = post(model, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/models/" + model + "/versions/1");
        assertThat(response.body())
                .contains("\"status\":\"READY\"")
                .contains("\"source\":\"import\"")
                .contains("\"job_id\":null")
                .contains("\"inputs\":[{\"name\":\"input\",\"shape\":[-1,1,4,4],\"datatype\":\"FP32\"}]")
                .contains("{\"name\":\"probabilities\",\"shape\":[-1,3],\"datatype\":\"FP32\"}")
                .contains("\"labels\":[\"cat\",\"dog\",\"bird\"]");
        for (String file : new String[] {"MANIFEST.json", "model.onnx", "spec.json", "state_dict.pt"}) {
            assertThat(response.body()).contains("{\"file\":\"" + file + "\",\"size_bytes\":");
        }

        byte[] onnx = download(model, "model.onnx");
        OnnxSignature exported = new OnnxImportValidator().validate(onnx);
        assertThat(exported.outputs()).extracting(TensorSignature::name).containsExactly("logits", "probabilities");
        assertThat(exported.metadata()).containsValue("1");
        assertThat(new String(download(model, "spec.json")))
                .contains("\"labels\":[\"cat\",\"dog\",\"bird\"]")
                .contains("\"input_shape\":[1,4,4]");
    }

    @Test
    void onnxModelIsImportedWithTheSignatureOnnxRuntimeReads() throws Exception {
        String model = TrainedVersions.uniqueModel("imported-onnx");
        byte[] onnx = new OnnxExporter("test")
                .export(ModelSpecJson.parse(SPEC), stateDict(3), new OnnxExportMetadata("elsewhere", "9", null, null));
        HttpResponse<String> response = post(
                model, new Multipart().file("onnx", write("model.onnx", onnx)).field("labels", "cat, dog, bird"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body())
                .contains("\"inputs\":[{\"name\":\"input\",\"shape\":[-1,1,4,4],\"datatype\":\"FP32\"}]")
                .contains("{\"name\":\"logits\",\"shape\":[-1,3],\"datatype\":\"FP32\"}")
                .contains("{\"name\":\"label\",\"shape\":[-1],\"datatype\":\"BYTES\"}");
        assertThat(download(model, "model.onnx")).isEqualTo(onnx);
    }

    @Test
    void invalidImportsAreRefusedNamingTheFieldAndRegisterNothing() throws Exception {
        String model = TrainedVersions.uniqueModel("refused");
        byte[] noise = new byte[2048];
        new Random(1).nextBytes(noise);
        assertRefused(model, new Multipart().file("onnx", write("model.onnx", noise)), "onnx", "not an ONNX model");
        assertRefused(
                model,
                new Multipart()
                        .file("state_dict", write("state_dict.pt", stateDictFile(5)))
                        .field("spec", SPEC),
                "state_dict",
                "1.weight has shape [5, 16], the spec needs [3, 16]");
        assertRefused(
                model,
                new Multipart().file("state_dict", write("state_dict.pt", stateDictFile(3))),
                "spec",
                "needs its model spec");
        assertRefused(
                model,
                new Multipart()
                        .file("state_dict", write("state_dict.pt", stateDictFile(3)))
                        .field("spec", SPEC.replace("Linear", "Lineal")),
                "spec",
                "layer 1 has unknown type 'Lineal'");
        assertRefused(
                model,
                new Multipart()
                        .file("state_dict", write("state_dict.pt", stateDictFile(3)))
                        .field("spec", SPEC)
                        .field("labels", "a,b"),
                "labels",
                "labels has 2 names but the model has 3 outputs");
        assertRefused(model, new Multipart().field("labels", "a"), "onnx", "send exactly one model file");
        assertRefused("Bad Name", new Multipart().field("labels", "a"), "name", "has upper-case letters");
        assertThat(get("/api/v1/models/" + model).statusCode())
                .as("no model was created")
                .isEqualTo(404);
    }

    private void assertRefused(String model, Multipart body, String field, String message) throws Exception {
        HttpResponse<String> response = post(model.replace(" ", "%20"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"").contains(message);
    }

    private HttpResponse<String> post(String model, Multipart body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions"))
                        .header("Content-Type", body.contentType())
                        .POST(body.body())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private byte[] download(String model, String file) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions/1/artifacts/" + file))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = Files.createTempDirectory(dir, "part").resolve(name);
        return Files.write(file, bytes);
    }

    /** Flatten then Linear(16 -> classes): {@code 1.weight} [classes, 16] and {@code 1.bias} [classes]. */
    static StateDict stateDict(int classes) {
        Random random = new Random(classes);
        float[] weight = new float[classes * 16];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian() * 0.1f;
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("1.weight", Tensor.ofFloats(new long[] {classes, 16}, weight));
        tensors.put("1.bias", Tensor.ofFloats(new long[] {classes}, new float[classes]));
        return new StateDict(tensors);
    }

    static byte[] stateDictFile(int classes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TorchStateDictWriter().write(stateDict(classes), out);
        return out.toByteArray();
    }

    static ModelSpec spec() {
        return ModelSpecJson.parse(SPEC);
    }
}
