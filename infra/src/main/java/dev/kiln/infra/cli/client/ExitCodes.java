package dev.kiln.infra.cli.client;

/** The exit codes of {@code kiln}, the same for every command, so scripts can rely on them. */
public final class ExitCodes {
    /** The command did what it was asked; a watched job SUCCEEDED. */
    public static final int OK = 0;
    /** The operation failed: the gateway refused or could not do it, or a watched job FAILED or was CANCELLED. */
    public static final int FAILED = 1;
    /** Wrong arguments, options or input files (picocli's usage error code). */
    public static final int USAGE = 2;
    /** The gateway cannot be reached (nothing listens there, or it does not answer). */
    public static final int UNREACHABLE = 3;
    /** The gateway refused the API key (401) or the key lacks the permission (403). */
    public static final int REFUSED_KEY = 4;

    private ExitCodes() {}

    /** The lines of {@code kiln --help} that explain them. */
    public static final String[] HELP = {
        "Exit codes: 0 ok; 1 the operation failed (the gateway refused or could not do it,",
        "  or the job FAILED or was CANCELLED); 2 usage error (wrong options, arguments or",
        "  input files); 3 cannot reach the gateway; 4 the gateway refused the API key (401)",
        "  or the key lacks the permission (403)."
    };
}
