package dev.kiln.formats.torch;

import dev.kiln.contracts.spec.DType;
import dev.kiln.formats.InvalidArtifactException;
import dev.kiln.formats.StateDict;
import dev.kiln.formats.Tensor;
import dev.kiln.formats.torch.PickleValues.Global;
import dev.kiln.formats.torch.PickleValues.StorageRef;
import dev.kiln.formats.torch.PickleValues.TensorRef;
import dev.kiln.formats.torch.PickleValues.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a state dict saved by {@code torch.save(model.state_dict(), path)} (zip serialization; PyTorch 1.6 to 2.x) or
 * by {@link TorchStateDictWriter}. The pickle is read by a safe unpickler that accepts only the globals PyTorch's
 * {@code weights_only=True} loader allows for tensors and refuses everything else with an
 * {@link UnsafePickleException} before anything could run. Reads float32, float64 and int64 tensors, any strides and
 * storage offsets, little- or big-endian archives.
 */
public final class TorchStateDictReader {

    public StateDict read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public StateDict read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    public StateDict read(byte[] file) {
        TorchArchive archive = TorchArchive.read(file);
        checkKind(archive);
        boolean bigEndian = byteOrderIsBig(archive);
        Object root = new SafeUnpickler(archive.require("data.pkl"), TorchStateDictReader::storageRef).load();
        if (!(root instanceof Map<?, ?> dict)) {
            throw new InvalidArtifactException("not a state dict: data.pkl holds a " + PickleValues.typeName(root)
                    + ", expected a dict of tensors as torch.save(model.state_dict(), path) writes");
        }
        Map<String, byte[]> storages = new HashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new InvalidArtifactException("not a state dict: it has a key of type "
                        + PickleValues.typeName(entry.getKey()) + "; state dict keys are strings like '1.weight'");
            }
            tensors.put(key, tensor(key, entry.getValue(), archive, storages, bigEndian));
        }
        return new StateDict(tensors);
    }

    private static void checkKind(TorchArchive archive) {
        if (archive.records().containsKey("constants.pkl")
                || archive.records().keySet().stream().anyMatch(name -> name.startsWith("code/"))) {
            throw new InvalidArtifactException("this is a TorchScript archive (torch.jit.save), not a state dict;"
                    + " save one with torch.save(model.state_dict(), path)");
        }
        byte[] versionRecord = archive.records().containsKey(".data/version")
                ? archive.require(".data/version")
                : archive.require("version");
        String version = new String(versionRecord, StandardCharsets.US_ASCII).trim();
        if (!version.matches("[1-9][0-9]?")) {
            throw new InvalidArtifactException("corrupt PyTorch state dict: the version record holds '" + version
                    + "', expected a format version number such as 3");
        }
    }

    private static boolean byteOrderIsBig(TorchArchive archive) {
        byte[] record = archive.records().get("byteorder");
        if (record == null) {
            return false; // PyTorch before 2.1 wrote no byteorder record: little-endian
        }
        String order = new String(record, StandardCharsets.US_ASCII).trim();
        return switch (order) {
            case "little" -> false;
            case "big" -> true;
            default ->
                throw new InvalidArtifactException(
                        "corrupt PyTorch state dict: byteorder record holds '" + order + "', expected little or big");
        };
    }

    private static StorageRef storageRef(Tuple pid) {
        if (pid.size() != 5
                || !"storage".equals(pid.get(0))
                || !(pid.get(1) instanceof Global type)
                || !TorchGlobals.isStorageType(type)
                || !(pid.get(2) instanceof String key)
                || !(pid.get(3) instanceof String location)
                || !(pid.get(4) instanceof Long numel)
                || numel < 0) {
            throw new InvalidArtifactException("corrupt pickle: a persistent id must be ('storage', storage type,"
                    + " key, location, numel), got " + pid.items().size() + " values");
        }
        return new StorageRef(type.name(), key, location, numel);
    }

    private static Tensor tensor(
            String key, Object value, TorchArchive archive, Map<String, byte[]> storages, boolean bigEndian) {
        if (value instanceof Map) {
            throw new InvalidArtifactException("not a state dict: '" + key + "' holds a dict, not a tensor; Kiln"
                    + " reads a state dict (torch.save(model.state_dict(), path)), not a checkpoint that wraps one");
        }
        if (!(value instanceof TensorRef ref)) {
            throw new InvalidArtifactException(
                    "not a state dict: '" + key + "' holds a " + PickleValues.typeName(value) + ", expected a tensor");
        }
        StorageRef storage = ref.storage();
        DType dtype = TorchGlobals.dtypeOf(storage.storageType(), key);
        int itemSize = Tensor.itemSize(dtype);
        byte[] bytes = storages.computeIfAbsent(storage.key(), k -> archive.require("data/" + k));
        if (bytes.length != storage.numel() * itemSize) {
            throw new InvalidArtifactException("corrupt PyTorch state dict: storage data/" + storage.key() + " of '"
                    + key + "' holds " + bytes.length + " bytes, expected " + storage.numel() * itemSize + " ("
                    + storage.numel() + " elements of " + itemSize + " bytes)");
        }
        byte[] data = StridedCopy.gather(
                key, bytes, storage.numel(), itemSize, ref.storageOffset(), ref.size(), ref.stride());
        if (bigEndian) {
            StridedCopy.swapBytes(data, itemSize);
        }
        return Tensor.of(dtype, ref.size(), data);
    }
}
