package dev.kiln.infra.cli.client;

/**
 * A command that cannot go on: the message is the one line {@code kiln} prints on stderr (after {@code "kiln: "}),
 * the exit code one of {@link ExitCodes}.
 */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final int httpStatus;

    public CliFailure(int exitCode, String message) {
        this(exitCode, message, 0);
    }

    CliFailure(int exitCode, String message, int httpStatus) {
        super(message);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(ExitCodes.USAGE, message);
    }

    public static CliFailure failed(String message) {
        return new CliFailure(ExitCodes.FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The gateway's HTTP status when it refused the request, else 0. */
    public int httpStatus() {
        return httpStatus;
    }
}
