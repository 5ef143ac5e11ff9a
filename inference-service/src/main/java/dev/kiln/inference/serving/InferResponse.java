package dev.kiln.inference.serving;

import java.util.List;

/**
 * The answer to an {@link InferRequest}.
 *
 * @param modelName the model name
 * @param modelVersion the version that answered
 * @param id the request's id, or null
 * @param outputs the outputs, in the order asked for (or the model's order)
 */
public record InferResponse(String modelName, String modelVersion, String id, List<InferOutput> outputs) {}
