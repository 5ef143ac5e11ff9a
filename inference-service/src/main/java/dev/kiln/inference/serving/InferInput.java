package dev.kiln.inference.serving;

import java.nio.FloatBuffer;

/**
 * One input tensor of a request, as the transport delivered it.
 *
 * @param name the tensor name
 * @param datatype the datatype the client declared
 * @param shape the shape the client declared
 * @param data the elements in row-major order (position 0, limit the count), or null when they are not numbers
 */
public record InferInput(String name, String datatype, long[] shape, FloatBuffer data) {}
