package dev.kiln.infra.cli.client;

/** Whether output goes to a person's terminal, where a live progress bar makes sense. */
final class Terminal {
    private Terminal() {}

    static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb");
    }
}
