package dev.kiln.inference.serving;

import java.util.List;

/** The server's name, version and protocol extensions. */
public record ServerMetadata(String name, String version, List<String> extensions) {}
