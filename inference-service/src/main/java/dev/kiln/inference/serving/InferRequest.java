package dev.kiln.inference.serving;

import dev.kiln.inference.models.ModelRef;
import java.util.List;

/**
 * An inference request in neutral form, built by each transport.
 *
 * @param model the model the client named
 * @param id the client's request id, echoed in the response (may be null)
 * @param inputs the input tensors
 * @param requestedOutputs the outputs the client asked for, in its order; empty for all
 * @param protocol the transport, for metrics ({@code rest}, {@code grpc})
 * @param receivedNanos {@link System#nanoTime()} when the transport received the request
 */
public record InferRequest(
        ModelRef model,
        String id,
        List<InferInput> inputs,
        List<String> requestedOutputs,
        String protocol,
        long receivedNanos) {
    public InferRequest {
        inputs = List.copyOf(inputs);
        requestedOutputs = requestedOutputs == null ? List.of() : List.copyOf(requestedOutputs);
    }
}
