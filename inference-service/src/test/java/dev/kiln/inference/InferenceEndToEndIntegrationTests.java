package dev.kiln.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import dev.kiln.inference.support.DirectOrt;
import dev.kiln.inference.support.FashionMnist;
import dev.kiln.inference.support.TestModels;
import inference.GrpcPredictV2.InferTensorContents;
import inference.GrpcPredictV2.ModelInferRequest;
import inference.GrpcPredictV2.ModelInferResponse;
import inference.GrpcPredictV2.ModelMetadataRequest;
import inference.GrpcPredictV2.ModelMetadataResponse;
import inference.GrpcPredictV2.ModelReadyRequest;
import inference.GrpcPredictV2.ServerLiveRequest;
import inference.GrpcPredictV2.ServerMetadataRequest;
import inference.GrpcPredictV2.ServerReadyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A model trained-and-exported the way Kiln does it, served over REST and gRPC, answers what ONNX Runtime answers when
 * called directly, on real Fashion-MNIST test images; an unchanged KServe gRPC client calls all six methods.
 */
class InferenceEndToEndIntegrationTests extends ServingIntegrationTest {
    static final String MODEL = "fashion-e2e";
    static final int ROWS = 8;
    static byte[] onnx;
    static DirectOrt direct;
    static float[] images;

    @BeforeAll
    static void registerModel() throws Exception {
        onnx = shelf().register(MODEL, 1, 21);
        CATALOG.setAlias(MODEL, "production", 1);
        direct = new DirectOrt(onnx);
        byte[][] raw = FashionMnist.testImages(ROWS);
        images = new float[ROWS * 784];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(FashionMnist.scaled(raw[i]), 0, images, i * 784, 784);
        }
    }

    @AfterAll
    static void close() throws Exception {
        direct.close();
    }

    @Test
    void restInferGivesTheProbabilitiesOnnxRuntimeGivesAndEchoesTheId() throws Exception {
        HttpResponse<String> response = postJson(
                "/v2/models/" + MODEL + "/infer", Tensors.inferBody("r-1", Tensors.nested(images, ROWS), ROWS));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("model_name").asString()).isEqualTo(MODEL);
        assertThat(body.get("model_version").asString()).isEqualTo("1");
        assertThat(body.get("id").asString()).isEqualTo("r-1");
        float[] expected = direct.run(images, ROWS, "probabilities");
        JsonNode probabilities = Tensors.output(body, "probabilities");
        assertThat(probabilities.get("datatype").asString()).isEqualTo("FP32");
        assertThat(Tensors.floats(probabilities.get("data"))).containsExactly(expected, within(1e-6f));
        JsonNode labels = Tensors.output(body, "label");
        assertThat(labels.get("datatype").asString()).isEqualTo("BYTES");
        assertThat(labels.get("data")).hasSize(ROWS);
        assertThat(TestModels.LABELS).contains(labels.get("data").get(0).asString());
    }

    @Test
    void restAcceptsFlatDataAnAliasAndAnExplicitVersionAndHonoursRequestedOutputs() throws Exception {
        String body = Tensors.inferBody("r-2", Tensors.flat(images), ROWS, "logits");
        for (String path :
                List.of("/v2/models/" + MODEL + "@production/infer", "/v2/models/" + MODEL + "/versions/1/infer")) {
            JsonNode response = json(postJson(path, body));
            assertThat(response.get("outputs")).hasSize(1);
            assertThat(Tensors.floats(Tensors.output(response, "logits").get("data")))
                    .containsExactly(direct.run(images, ROWS, "logits"), within(1e-5f));
        }
    }

    @Test
    void restDescribesServerAndModel() throws Exception {
        assertThat(json(get("/v2/health/live")).get("live").asBoolean()).isTrue();
        assertThat(json(get("/v2/health/ready")).get("ready").asBoolean()).isTrue();
        assertThat(json(get("/v2")).get("name").asString()).isEqualTo("kiln-inference");
        JsonNode metadata = json(get("/v2/models/" + MODEL));
        assertThat(metadata.get("versions").get(0).asString()).isEqualTo("1");
        assertThat(metadata.get("platform").asString()).isEqualTo("onnxruntime_onnx");
        assertThat(metadata.get("inputs").get(0).toString())
                .isEqualTo("{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,1,28,28]}");
        assertThat(metadata.get("outputs").toString())
                .contains("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,10]}")
                .contains("{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}");
        HttpResponse<String> ready = get("/v2/models/" + MODEL + "/versions/1/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("ready").asBoolean()).isTrue();
    }

    @Test
    void restErrorsAreProblemBodiesWithErrorAndErrorCode() throws Exception {
        HttpResponse<String> unknown =
                postJson("/v2/models/no-such-model/infer", Tensors.inferBody("x", Tensors.flat(new float[784]), 1));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(unknown).get("error").asString()).contains("model 'no-such-model' is not registered");
        assertThat(json(unknown).get("error_code").asString()).isEqualTo("NOT_FOUND");
        assertThat(json(unknown).get("status").asInt()).isEqualTo(404);

        assertThat(get("/v2/models/" + MODEL + "/versions/9").statusCode()).isEqualTo(404);

        HttpResponse<String> badShape = postJson(
                "/v2/models/" + MODEL + "/infer",
                "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,784],\"datatype\":\"FP32\",\"data\":"
                        + Tensors.flat(new float[784]) + "}]}");
        assertThat(badShape.statusCode()).isEqualTo(400);
        assertThat(json(badShape).get("error").asString())
                .isEqualTo("input 'input' has shape [1, 784]; the model takes [-1, 1, 28, 28] (-1: any size from 1)");
        assertThat(json(badShape).get("error_code").asString()).isEqualTo("INVALID_ARGUMENT");

        HttpResponse<String> notJson = postJson("/v2/models/" + MODEL + "/infer", "{\"inputs\": [");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asString()).contains("not valid JSON");
    }

    @Test
    void aBodyOverTheLimitGetsAWhole400NotABrokenConnection() throws Exception {
        // 40 MB declared and sent; refused up front, and the rest read and dropped so the answer arrives intact
        byte[] body = new byte[40 << 20];
        java.util.Arrays.fill(body, (byte) ' ');
        for (String path : List.of("/v2/models/" + MODEL + "/infer", "/api/v1/predict/" + MODEL)) {
            HttpResponse<String> tooLarge = post(path, "application/json", body);
            assertThat(tooLarge.statusCode()).as(path).isEqualTo(400);
            assertThat(json(tooLarge).get("error").asString()).contains("larger than 33554432 bytes");
        }
    }

    @Test
    void predictTakesARealFashionMnistPngAndGivesLabelsWithProbabilities() throws Exception {
        byte[] image = FashionMnist.testImages(1)[0];
        BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) {
            png.getRaster().setSample(i % 28, i / 28, 0, image[i] & 0xff);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(png, "png", bytes);

        HttpResponse<String> response = post("/api/v1/predict/" + MODEL, "image/png", bytes.toByteArray());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode prediction = json(response).get("predictions").get(0);
        float[] expected = direct.run(FashionMnist.scaled(image), 1, "probabilities");
        int best = 0;
        for (int c = 0; c < 10; c++) {
            assertThat(prediction
                            .get("probabilities")
                            .get(TestModels.LABELS.get(c))
                            .floatValue())
                    .isCloseTo(expected[c], within(1e-6f));
            best = expected[c] > expected[best] ? c : best;
        }
        assertThat(prediction.get("label").asString()).isEqualTo(TestModels.LABELS.get(best));

        HttpResponse<String> instances = postJson(
                "/api/v1/predict/" + MODEL, "{\"instances\": [" + Tensors.flat(FashionMnist.scaled(image)) + "]}");
        assertThat(json(instances).get("predictions").get(0).get("label").asString())
                .isEqualTo(TestModels.LABELS.get(best));
    }

    @Test
    void aKServeGrpcClientCallsAllSixMethods() throws Exception {
        var grpc = grpc();
        assertThat(grpc.serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
                .isTrue();
        assertThat(grpc.serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
                .isTrue();
        assertThat(grpc.serverMetadata(ServerMetadataRequest.getDefaultInstance())
                        .getName())
                .isEqualTo("kiln-inference");
        assertThat(grpc.modelReady(ModelReadyRequest.newBuilder().setName(MODEL).build())
                        .getReady())
                .isTrue();
        ModelMetadataResponse metadata = grpc.modelMetadata(
                ModelMetadataRequest.newBuilder().setName(MODEL).setVersion("1").build());
        assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 1L, 28L, 28L);
        assertThat(metadata.getOutputsList())
                .extracting(o -> o.getName())
                .containsExactly("logits", "probabilities", "label");

        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float v : images) {
            contents.addFp32Contents(v);
        }
        ModelInferResponse typed = grpc.modelInfer(ModelInferRequest.newBuilder()
                .setModelName(MODEL)
                .setId("g-1")
                .addInputs(input().setContents(contents))
                .build());
        float[] expected = direct.run(images, ROWS, "probabilities");
        assertThat(typed.getId()).isEqualTo("g-1");
        assertThat(typed.getModelVersion()).isEqualTo("1");
        assertThat(typed.getOutputs(1).getName()).isEqualTo("probabilities");
        assertThat(toArray(typed.getOutputs(1).getContents().getFp32ContentsList()))
                .containsExactly(expected, within(1e-6f));
        assertThat(typed.getOutputs(2).getContents().getBytesContentsCount()).isEqualTo(ROWS);
    }

    @Test
    void grpcTakesRawInputContentsAndAnswersRaw() throws Exception {
        ByteBuffer raw = ByteBuffer.allocate(images.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(images);
        ModelInferResponse response = grpc().modelInfer(ModelInferRequest.newBuilder()
                .setModelName(MODEL)
                .addInputs(input())
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("probabilities"))
                .addRawInputContents(ByteString.copyFrom(raw.array()))
                .build());
        assertThat(response.getOutputsCount()).isEqualTo(1);
        float[] actual = new float[ROWS * 10];
        response.getRawOutputContents(0)
                .asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(actual);
        assertThat(actual).containsExactly(direct.run(images, ROWS, "probabilities"), within(1e-6f));
    }

    @Test
    void grpcAnswersARequestLargerThanWhatRunsOnTheNetworkThread() throws Exception {
        // 100 KB of raw floats: over GrpcInferenceEndpoint.INLINE_LIMIT_BYTES, so the endpoint hands it to its other
        // pool before it runs; this checks the answer that path gives, not which thread ran it
        int rows = 32;
        float[] batch = new float[rows * 784];
        byte[][] raw = FashionMnist.testImages(rows);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(FashionMnist.scaled(raw[i]), 0, batch, i * 784, 784);
        }
        ByteBuffer bytes = ByteBuffer.allocate(batch.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(batch);
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName(MODEL)
                .addInputs(input().setShape(0, rows))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                        .setName("probabilities"))
                .addRawInputContents(ByteString.copyFrom(bytes.array()))
                .build();
        assertThat(request.getSerializedSize()).isGreaterThan(64 * 1024); // GrpcInferenceEndpoint.INLINE_LIMIT_BYTES

        ModelInferResponse response = grpc().modelInfer(request);

        float[] actual = new float[rows * 10];
        response.getRawOutputContents(0)
                .asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(actual);
        assertThat(actual).containsExactly(direct.run(batch, rows, "probabilities"), within(1e-6f));
    }

    @Test
    void grpcErrorsCarryTheStatusCodeAndTheMessage() {
        assertThatThrownBy(() -> grpc().modelInfer(ModelInferRequest.newBuilder()
                        .setModelName("no-such-model")
                        .addInputs(input())
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> grpc().modelInfer(ModelInferRequest.newBuilder()
                        .setModelName(MODEL)
                        .addInputs(input().setContents(
                                        InferTensorContents.newBuilder().addFp32Contents(1)))
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("has 1 values but its shape");
                });
    }

    @Test
    void metricsAreTaggedByModelAndVersion() throws Exception {
        postJson("/v2/models/" + MODEL + "/infer", Tensors.inferBody("m", Tensors.flat(images), ROWS));
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern("kiln_inference_requests_total\\{model=\"fashion-e2e\",outcome=\"success\","
                        + "protocol=\"rest\",version=\"1\"} [1-9]")
                .contains("kiln_inference_request_seconds_bucket{model=\"fashion-e2e\"")
                .contains("kiln_inference_queue_seconds_bucket{model=\"fashion-e2e\",version=\"1\"")
                .contains("kiln_inference_compute_seconds_bucket{model=\"fashion-e2e\",version=\"1\"")
                .contains("kiln_inference_batch_size_bucket{model=\"fashion-e2e\",version=\"1\"")
                .containsPattern("kiln_inference_models_loaded [1-9]")
                .containsPattern(
                        "kiln_inference_model_memory_bytes\\{model=\"fashion-e2e\",version=\"1\"} " + onnx.length);
    }

    private static ModelInferRequest.InferInputTensor.Builder input() {
        return ModelInferRequest.InferInputTensor.newBuilder()
                .setName("input")
                .setDatatype("FP32")
                .addShape(ROWS)
                .addShape(1)
                .addShape(28)
                .addShape(28);
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
