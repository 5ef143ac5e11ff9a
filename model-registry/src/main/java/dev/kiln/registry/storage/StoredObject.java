package dev.kiln.registry.storage;

/** An object as written: its key, URI, size and the lower-case hex sha256 of the bytes that went in. */
public record StoredObject(String key, String uri, long sizeBytes, String sha256) {}
