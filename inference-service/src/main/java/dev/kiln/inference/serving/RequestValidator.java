package dev.kiln.inference.serving;

import dev.kiln.inference.batching.BatchItem;
import dev.kiln.inference.error.InferenceException;
import dev.kiln.inference.models.ServedModel;
import dev.kiln.inference.runtime.TensorSpec;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request against the model it goes to, before it is queued, and says what the model expects: input names,
 * datatypes, shapes, data lengths, finite values, the payload limit and the requested outputs.
 */
final class RequestValidator {
    private RequestValidator() {}

    /** The request's inputs in the model's input order, ready to batch. */
    static BatchItem batchItem(ServedModel model, InferRequest request, long maxTensorBytes) {
        List<TensorSpec> specs = model.inputs();
        if (request.inputs().isEmpty()) {
            throw InferenceException.invalid(
                    "the request has no inputs; model " + model.key() + " takes " + describe(specs));
        }
        Map<String, InferInput> byName = new HashMap<>();
        for (InferInput input : request.inputs()) {
            if (input.name() == null || specs.stream().noneMatch(s -> s.name().equals(input.name()))) {
                throw InferenceException.invalid(
                        "unknown input '" + input.name() + "'; model " + model.key() + " takes " + describe(specs));
            }
            if (byName.put(input.name(), input) != null) {
                throw InferenceException.invalid("input '" + input.name() + "' is given twice");
            }
        }
        FloatBuffer[] data = new FloatBuffer[specs.size()];
        long[][] shapes = new long[specs.size()][];
        long totalBytes = 0;
        long rows = -1;
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            InferInput input = byName.get(spec.name());
            if (input == null) {
                throw InferenceException.invalid(
                        "input '" + spec.name() + "' is missing; model " + model.key() + " takes " + describe(specs));
            }
            long elements = checkShape(spec, input);
            totalBytes += elements * Float.BYTES;
            if (totalBytes > maxTensorBytes) {
                throw InferenceException.invalid("the request's tensors hold more than " + maxTensorBytes
                        + " bytes, the limit (kiln.inference.max-request-size); send fewer samples per request");
            }
            checkData(spec, input, elements);
            long inputRows = input.shape().length == 0 ? 1 : input.shape()[0];
            if (rows >= 0 && inputRows != rows) {
                throw InferenceException.invalid("input '" + spec.name() + "' has " + inputRows
                        + " rows but the other inputs have " + rows + "; every input needs the same batch size");
            }
            rows = inputRows;
            data[i] = input.data();
            shapes[i] = input.shape();
        }
        return BatchItem.of(data, shapes, (int) rows);
    }

    /** Indexes into {@link ServedModel#outputs()} of the outputs to return, in the order asked for. */
    static int[] outputs(ServedModel model, List<String> requested) {
        List<TensorSpec> outputs = model.outputs();
        if (requested.isEmpty()) {
            int[] all = new int[outputs.size()];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] chosen = new int[requested.size()];
        for (int r = 0; r < requested.size(); r++) {
            String name = requested.get(r);
            int index = -1;
            for (int o = 0; o < outputs.size(); o++) {
                if (outputs.get(o).name().equals(name)) {
                    index = o;
                }
            }
            if (index < 0) {
                throw InferenceException.invalid("unknown output '" + name + "'; model " + model.key() + " gives "
                        + outputs.stream().map(TensorSpec::name).collect(Collectors.joining(", ")));
            }
            chosen[r] = index;
        }
        return chosen;
    }

    private static long checkShape(TensorSpec spec, InferInput input) {
        if (!spec.datatype().equals(input.datatype())) {
            throw InferenceException.invalid("input '" + spec.name() + "' has datatype " + input.datatype()
                    + "; the model takes " + spec.datatype());
        }
        long[] shape = input.shape();
        List<Long> expected = spec.shape();
        boolean fits = shape != null && shape.length == expected.size();
        long elements = 1;
        boolean overflows = false;
        for (int d = 0; fits && d < shape.length; d++) {
            long want = expected.get(d);
            fits = shape[d] >= (d == 0 ? 1 : 0) && (want < 0 || want == shape[d]);
            long product = elements * Math.max(shape[d], 0);
            // a product that wrapped around (e.g. [2^62, 1, 28, 28] to 0) would let an empty tensor through
            overflows |= Math.multiplyHigh(elements, Math.max(shape[d], 0)) != 0 || product < 0;
            elements = product;
        }
        if (!fits) {
            throw InferenceException.invalid("input '" + spec.name() + "' has shape " + describe(shape)
                    + "; the model takes " + spec.shape() + " (-1: any size from 1)");
        }
        if (overflows || elements > Integer.MAX_VALUE) {
            throw InferenceException.invalid("input '" + spec.name() + "' has shape " + describe(shape)
                    + ", more elements than one request may hold; send fewer samples per request");
        }
        return elements;
    }

    private static void checkData(TensorSpec spec, InferInput input, long elements) {
        FloatBuffer data = input.data();
        if (data == null) {
            throw InferenceException.invalid("input '" + spec.name() + "' has no numeric data; FP32 data is " + elements
                    + " numbers for shape " + describe(input.shape()));
        }
        if (data.limit() != elements) {
            throw InferenceException.invalid("input '" + spec.name() + "' has " + data.limit()
                    + " values but its shape " + describe(input.shape()) + " needs " + elements);
        }
        for (int i = 0, n = data.limit(); i < n; i++) {
            float value = data.get(i);
            if (!Float.isFinite(value)) {
                throw InferenceException.invalid("input '" + spec.name() + "' value " + i + " is " + value
                        + "; the model takes finite FP32 values");
            }
        }
    }

    private static String describe(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::describe).collect(Collectors.joining(", "));
    }

    private static String describe(long[] shape) {
        return shape == null ? "(none)" : Arrays.toString(shape);
    }
}
