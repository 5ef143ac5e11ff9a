package dev.kiln.contracts.spec;

import java.util.List;

/** Reads int-or-[h, w] parameters (kernel_size, stride, padding) the way torch does. */
final class Pairs {
    private Pairs() {}

    /** The height of an int-or-pair value, or the fallback when the value is absent. */
    static int h(List<Integer> value, int fallback) {
        return value == null || value.isEmpty() ? fallback : value.get(0);
    }

    /** The width of an int-or-pair value (the int itself for the int form), or the fallback when absent. */
    static int w(List<Integer> value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return value.size() == 1 ? value.get(0) : value.get(1);
    }

    /** The height of a required value. */
    static int h(List<Integer> value, String parameter) {
        return h(require(value, parameter), 0);
    }

    /** The width of a required value. */
    static int w(List<Integer> value, String parameter) {
        return w(require(value, parameter), 0);
    }

    private static List<Integer> require(List<Integer> value, String parameter) {
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(parameter + " is not set");
        }
        return value;
    }
}
