package dev.kiln.infra.cli.client;

/** Small text helpers for one-line messages. */
final class Messages {
    private Messages() {}

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
