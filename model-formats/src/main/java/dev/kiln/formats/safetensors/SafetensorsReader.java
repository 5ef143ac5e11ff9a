package dev.kiln.formats.safetensors;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the Hugging Face safetensors format and checks it as the reference implementation does: the header length
 * fits the file, the header is a JSON object without duplicate keys, each tensor's byte range matches its dtype and
 * shape, and the ranges tile the data section exactly (no gaps, no overlaps, nothing left over).
 */
public final class SafetensorsReader {
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public SafetensorsFile read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public SafetensorsFile read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    public SafetensorsFile read(byte[] file) {
        if (file.length < 8) {
            throw new InvalidArtifactException(
                    "truncated safetensors file: " + file.length + " bytes, too short for the 8-byte header length");
        }
        long headerLength =
                ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new InvalidArtifactException("corrupt safetensors file: header length " + headerLength
                    + " is outside 2 to " + MAX_HEADER_BYTES + " bytes; this is not a safetensors file");
        }
        if (8 + headerLength > file.length) {
            throw new InvalidArtifactException("truncated safetensors file: the header claims " + headerLength
                    + " bytes but only " + (file.length - 8) + " follow");
        }
        JsonNode header = parseHeader(file, (int) headerLength);
        int dataStart = 8 + (int) headerLength;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : header.properties()) {
            if (property.getKey().equals("__metadata__")) {
                readMetadata(property.getValue(), metadata);
            } else {
                entries.add(entry(property.getKey(), property.getValue()));
            }
        }
        checkTiling(entries, file.length - dataStart);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byte[] data = Arrays.copyOfRange(file, dataStart + (int) entry.begin, dataStart + (int) entry.end);
            tensors.put(entry.name, Tensor.of(entry.dtype, entry.shape, data));
        }
        return new SafetensorsFile(new StateDict(tensors), metadata);
    }

    private static JsonNode parseHeader(byte[] file, int length) {
        if (file[8] != '{') {
            throw new InvalidArtifactException(
                    "corrupt safetensors header: it must be a JSON object starting with '{'");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(file, 8, length, java.nio.charset.StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new InvalidArtifactException(
                    "corrupt safetensors header: not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (header == null || !header.isObject()) {
            throw new InvalidArtifactException("corrupt safetensors header: it must be a JSON object");
        }
        return header;
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata) {
        if (!node.isObject()) {
            throw new InvalidArtifactException("corrupt safetensors header: __metadata__ must be an object");
        }
        for (Map.Entry<String, JsonNode> item : node.properties()) {
            if (!item.getValue().isString()) {
                throw new InvalidArtifactException(
                        "corrupt safetensors header: __metadata__ value '" + item.getKey() + "' must be a string");
            }
            metadata.put(item.getKey(), item.getValue().stringValue());
        }
    }

    private static Entry entry(String name, JsonNode info) {
        JsonNode dtype = info.get("dtype");
        JsonNode shape = info.get("shape");
        JsonNode offsets = info.get("data_offsets");
        if (!info.isObject()
                || dtype == null
                || !dtype.isString()
                || shape == null
                || !shape.isArray()
                || offsets == null
                || !offsets.isArray()
                || offsets.size() != 2) {
            throw new InvalidArtifactException("corrupt safetensors header: tensor '" + name
                    + "' needs \"dtype\" (a string), \"shape\" (an array) and \"data_offsets\" ([begin, end])");
        }
        DType type = SafetensorsDTypes.parse(dtype.stringValue(), name);
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = nonNegative(shape.get(i), name, "shape");
        }
        long begin = nonNegative(offsets.get(0), name, "data_offsets");
        long end = nonNegative(offsets.get(1), name, "data_offsets");
        long expected;
        try {
            expected = Math.multiplyExact(Tensor.numel(dims), Tensor.itemSize(type));
        } catch (ArithmeticException e) {
            throw new InvalidArtifactException(
                    "corrupt safetensors header: tensor '" + name + "' has an impossibly large shape");
        }
        if (end < begin || end - begin != expected) {
            throw new InvalidArtifactException("corrupt safetensors header: tensor '" + name + "' spans bytes "
                    + begin + " to " + end + ", but a " + dtype.stringValue() + " tensor of shape "
                    + Arrays.toString(dims) + " takes " + expected + " bytes");
        }
        return new Entry(name, type, dims, begin, end);
    }

    private static long nonNegative(JsonNode node, String tensor, String field) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidArtifactException("corrupt safetensors header: tensor '" + tensor + "' has a " + field
                    + " value that is not a non-negative integer");
        }
        return node.longValue();
    }

    private static void checkTiling(List<Entry> entries, long dataLength) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expectedBegin = 0;
        for (Entry entry : byOffset) {
            if (entry.begin != expectedBegin) {
                throw new InvalidArtifactException("corrupt safetensors file: tensor '" + entry.name
                        + "' starts at byte " + entry.begin + " of the data, expected " + expectedBegin
                        + " (tensors must follow each other without gaps or overlaps)");
            }
            expectedBegin = entry.end;
        }
        if (expectedBegin != dataLength) {
            throw new InvalidArtifactException((expectedBegin > dataLength ? "truncated" : "corrupt")
                    + " safetensors file: the header describes " + expectedBegin + " bytes of tensor data, the file"
                    + " holds " + dataLength);
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}
}
