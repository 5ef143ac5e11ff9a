package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws training progress. On a terminal: a live bar for the running epoch (batches done, running loss and accuracy,
 * samples/s), rewritten in place and left on screen, completed, when the epoch ends. Elsewhere (a pipe, a log, CI):
 * one line per finished epoch and nothing in between.
 */
final class EpochProgress {
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean interactive;
    private int barLength;

    EpochProgress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Within an epoch: batch {@code batch} of {@code batches}. */
    void batch(int epoch, int epochs, int batch, int batches, double loss, double accuracy, double samplesPerSecond) {
        if (!interactive) {
            return;
        }
        double done = batches > 0 ? Math.min(1.0, (double) batch / batches) : 0;
        String line = String.format(
                Locale.ROOT,
                "%s %s %3.0f%%  loss %.4f  acc %s  %s",
                epochLabel(epoch, epochs),
                bar(done),
                done * 100,
                loss,
                Formats.percent(accuracy),
                Formats.rate(samplesPerSecond));
        redraw(line);
    }

    /** An epoch finished with these figures. */
    void epoch(
            int epoch,
            int epochs,
            double loss,
            double accuracy,
            Double valLoss,
            Double valAccuracy,
            double samplesPerSecond,
            double seconds) {
        StringBuilder line = new StringBuilder(epochLabel(epoch, epochs));
        if (interactive) {
            line.append(' ').append(bar(1)).append(" 100%");
        }
        line.append(String.format(Locale.ROOT, "  loss %.4f  acc %s", loss, Formats.percent(accuracy)));
        if (valLoss != null) {
            line.append(String.format(Locale.ROOT, "  val_loss %.4f", valLoss));
        }
        if (valAccuracy != null) {
            line.append("  val_acc ").append(Formats.percent(valAccuracy));
        }
        line.append("  ").append(Formats.rate(samplesPerSecond));
        line.append(String.format(Locale.ROOT, "  %.1f s", seconds));
        clear();
        out.println(line);
        out.flush();
    }

    /** A line of its own (the job started, an attempt failed …), below any bar. */
    void note(String message) {
        clear();
        out.println(message);
        out.flush();
    }

    /** Removes a bar still on screen (the stream ended mid-epoch). */
    void clear() {
        if (barLength > 0) {
            out.print("\r" + " ".repeat(barLength) + "\r");
            barLength = 0;
        }
    }

    private void redraw(String line) {
        String padded = line.length() < barLength ? line + " ".repeat(barLength - line.length()) : line;
        out.print("\r" + padded);
        out.flush();
        barLength = line.length();
    }

    private static String epochLabel(int epoch, int epochs) {
        return "epoch " + epoch + (epochs > 0 ? "/" + epochs : "");
    }

    private static String bar(double done) {
        int filled = (int) Math.round(done * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }
}
