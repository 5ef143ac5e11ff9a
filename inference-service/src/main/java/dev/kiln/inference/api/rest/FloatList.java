package dev.kiln.inference.api.rest;

import java.nio.FloatBuffer;
import java.util.Arrays;

/** A growable float array, so JSON numbers are read without boxing. */
final class FloatList {
    private float[] values;
    private int size;

    FloatList(int capacity) {
        values = new float[Math.max(16, capacity)];
    }

    void add(float value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    FloatBuffer buffer() {
        return FloatBuffer.wrap(values, 0, size).slice();
    }
}
