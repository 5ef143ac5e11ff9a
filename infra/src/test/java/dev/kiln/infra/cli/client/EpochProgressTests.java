package dev.kiln.infra.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress of a watched job: a bar redrawn in place on a terminal, one line per epoch elsewhere. */
class EpochProgressTests {
    private final StringWriter text = new StringWriter();

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndLeftCompleteWithTheEpochsFigures() {
        EpochProgress progress = new EpochProgress(new PrintWriter(text), true);
        progress.batch(1, 2, 211, 844, 0.7123, 0.75, 9123.4);
        progress.batch(1, 2, 844, 844, 0.5, 0.8, 9500);
        progress.epoch(1, 2, 0.52, 0.81, 0.44, 0.84, 9000, 6.14);

        String first = "epoch 1/2 [######------------------]  25%  loss 0.7123  acc 75.0%  9,123 samples/s";
        String second = "epoch 1/2 [########################] 100%  loss 0.5000  acc 80.0%  9,500 samples/s";
        String done = "epoch 1/2 [########################] 100%  loss 0.5200  acc 81.0%  val_loss 0.4400"
                + "  val_acc 84.0%  9,000 samples/s  6.1 s";
        assertThat(text.toString())
                .isEqualTo("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()) + "\r"
                        + " ".repeat(first.length()) + "\r" + done + System.lineSeparator());
    }

    @Test
    void elsewhereOnlyFinishedEpochsArePrintedOneLineEach() {
        EpochProgress progress = new EpochProgress(new PrintWriter(text), false);
        progress.batch(1, 2, 211, 844, 0.7123, 0.75, 9123.4);
        progress.epoch(1, 2, 0.52, 0.81, null, null, 9000, 6.14);
        progress.note("Job x SUCCEEDED");

        assertThat(text.toString().lines())
                .containsExactly("epoch 1/2  loss 0.5200  acc 81.0%  9,000 samples/s  6.1 s", "Job x SUCCEEDED");
    }
}
