package dev.kiln.registry.models;

import dev.kiln.contracts.spec.InvalidModelSpecException;
import dev.kiln.contracts.spec.ModelSpec;
import dev.kiln.contracts.spec.ModelSpecJson;
import dev.kiln.formats.onnx.InputNormalization;
import dev.kiln.registry.api.ApiException;
import dev.kiln.registry.api.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/models/{name}/versions} (multipart): imports a model trained elsewhere. Parts: {@code onnx}
 * (an ONNX file), or {@code state_dict} (a PyTorch {@code state_dict.pt}) with {@code spec} (the model spec JSON, as a
 * field or a file); optional {@code labels} (JSON array or comma-separated) and {@code normalization}
 * ({@code {"mean": [...], "std": [...]}}).
 */
@RestController
class ImportController {
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final ModelImport imports;
    private final VersionQueries versions;

    ImportController(ModelImport imports, VersionQueries versions) {
        this.imports = imports;
        this.versions = versions;
    }

    @PostMapping(path = "/api/v1/models/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ModelViews.VersionView> importModel(@PathVariable String name, MultipartHttpServletRequest request)
            throws IOException {
        ImportRequest importRequest = new ImportRequest(
                name,
                bytes(request.getFile("onnx"), "onnx"),
                bytes(request.getFile("state_dict"), "state_dict"),
                spec(text(request, "spec")),
                labels(text(request, "labels")),
                normalization(text(request, "normalization")));
        RegisteredVersion registered = imports.importModel(importRequest);
        return ResponseEntity.created(URI.create("/api/v1/models/" + name + "/versions/" + registered.version()))
                .body(versions.get(name, registered.version()));
    }

    private static byte[] bytes(MultipartFile file, String field) throws IOException {
        if (file == null) {
            return null;
        }
        if (file.getSize() > MAX_FILE_BYTES) {
            throw new ApiException(
                    ErrorCode.RESOURCE_EXHAUSTED,
                    field,
                    field + " is " + file.getSize() / (1024 * 1024) + " MB; imported files may be at most "
                            + MAX_FILE_BYTES / (1024 * 1024) + " MB");
        }
        return file.getBytes();
    }

    /** A field sent as text, or as a small file part. */
    private static String text(MultipartHttpServletRequest request, String field) throws IOException {
        String value = request.getParameter(field);
        if (value == null && request.getFile(field) != null) {
            value = new String(request.getFile(field).getBytes(), StandardCharsets.UTF_8);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static ModelSpec spec(String json) {
        if (json == null) {
            return null;
        }
        try {
            return ModelSpecJson.parse(json);
        } catch (InvalidModelSpecException e) {
            throw ApiException.invalidArgument("spec", e.getMessage());
        }
    }

    private static List<String> labels(String value) {
        if (value == null) {
            return List.of();
        }
        if (value.strip().startsWith("[")) {
            try {
                JsonNode array = ModelSpecJson.mapper().readTree(value);
                return array.valueStream().map(JsonNode::asString).toList();
            } catch (JacksonException e) {
                throw ApiException.invalidArgument("labels", "labels is not a JSON array: " + e.getOriginalMessage());
            }
        }
        return List.of(value.split(",", -1)).stream().map(String::strip).toList();
    }

    private static InputNormalization normalization(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = ModelSpecJson.mapper().readTree(value);
            return new InputNormalization(doubles(node.path("mean")), doubles(node.path("std")));
        } catch (JacksonException | IllegalArgumentException e) {
            throw ApiException.invalidArgument(
                    "normalization",
                    "normalization must be {\"mean\": [...], \"std\": [...]} with one value per channel: "
                            + e.getMessage());
        }
    }

    private static List<Double> doubles(JsonNode array) {
        return array.valueStream().map(JsonNode::asDouble).toList();
    }
}
