package dev.kiln.infra.cli.client;

import picocli.CommandLine.Option;

/** {@code -o, --output text|json}: a table for people, or the gateway's JSON answer as it came, for scripts. */
public final class OutputOption {
    /** The output formats. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text (default) or json: the gateway's JSON answer as it came.")
    Format format = Format.text;

    boolean json() {
        return format == Format.json;
    }
}
