package dev.kiln.formats.safetensors;

import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the Hugging Face safetensors format: an 8-byte little-endian header length, a JSON header (padded with
 * spaces to a multiple of 8 bytes) naming each tensor's dtype, shape and byte range, then the little-endian data.
 */
public final class SafetensorsWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void write(StateDict tensors, Map<String, String> metadata, OutputStream out) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.tensors().entrySet()) {
            Tensor tensor = entry.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", SafetensorsDTypes.name(tensor.dtype()));
            info.put("shape", tensor.shape());
            info.put("data_offsets", List.of(offset, offset + tensor.byteSize()));
            header.put(entry.getKey(), info);
            offset += tensor.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        out.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(padded)
                .array());
        out.write(json);
        out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
        for (Tensor tensor : tensors.tensors().values()) {
            byte[] data = new byte[tensor.byteSize()];
            tensor.data().get(data);
            out.write(data);
        }
    }

    public byte[] toBytes(StateDict tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(tensors, metadata, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return out.toByteArray();
    }
}
