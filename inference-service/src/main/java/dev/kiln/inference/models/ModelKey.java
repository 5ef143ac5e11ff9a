package dev.kiln.inference.models;

/** One version of a registered model: what the cache holds and batching groups by. */
public record ModelKey(String name, int version) {
    @Override
    public String toString() {
        return name + "/" + version;
    }
}
