package dev.kiln.infra.stack;

/** One port of the local stack: which part listens on it and which environment variable moves it. */
public record PortSetting(String part, String variable, int port) {}
