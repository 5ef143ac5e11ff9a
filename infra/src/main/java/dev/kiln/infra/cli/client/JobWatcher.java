package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Follows one job over its event stream ({@code GET /api/v1/jobs/{id}/events}: the job's state first, then its
 * events) and draws its progress until it ends; then reports how it ended and, for a job that registers a model,
 * waits until the registry has the version READY (it copies and checks the artifacts after the job ends).
 */
final class JobWatcher {
    private static final int RECONNECTS = 5;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration REGISTRATION = Duration.ofSeconds(180);

    private final GatewayClient client;
    private final PrintWriter out;
    private final EpochProgress progress;
    private final Set<String> printedEpochs = new HashSet<>();
    private int epochs;
    private boolean headerPrinted;

    JobWatcher(GatewayClient client, PrintWriter out, boolean interactive) {
        this.client = client;
        this.out = out;
        this.progress = new EpochProgress(out, interactive);
    }

    /** Follows the job until it has ended, and returns its final resource. */
    JsonNode follow(String jobId) {
        String path = "/api/v1/jobs/" + jobId;
        for (int attempt = 0; attempt <= RECONNECTS; attempt++) {
            boolean ended = false;
            try (Stream<String> lines = client.eventStream(path + "/events")) {
                ended = read(lines.iterator(), jobId);
            } catch (UncheckedIOException e) {
                // the stream broke; the job's state below says whether to subscribe again
            }
            progress.clear();
            JsonNode job = ended ? settled(path) : client.get(path);
            if (isTerminal(job)) {
                return job;
            }
            pause(Duration.ofSeconds(1));
        }
        throw CliFailure.failed("lost the event stream of job " + jobId + " " + (RECONNECTS + 1)
                + " times; it goes on running, follow it with kiln jobs watch " + jobId);
    }

    /**
     * Prints how the job ended and returns the version it registered (null when it registers none). A job that did
     * not succeed, or whose version failed registration, is a {@link CliFailure}.
     */
    JsonNode report(JsonNode job) {
        String id = job.path("id").asString();
        String status = job.path("status").asString();
        if (!status.equals("SUCCEEDED")) {
            String error = Formats.text(job, "error");
            throw CliFailure.failed(
                    "job " + id + " " + status + (error == null ? "" : ": " + Messages.firstLine(error)));
        }
        String accuracy = Formats.percent(job.get("test_accuracy"));
        out.println("Job " + id + " SUCCEEDED" + (accuracy == null ? "" : ": test accuracy " + accuracy));
        out.flush();
        String registerAs = Formats.text(job, "register_as");
        if (registerAs == null) {
            return null;
        }
        JsonNode version = awaitRegistration(id, registerAs);
        out.println("Registered model " + registerAs + " version "
                + version.path("version").asInt() + " (READY)");
        out.flush();
        return version;
    }

    private JsonNode awaitRegistration(String jobId, String model) {
        long deadline = System.nanoTime() + REGISTRATION.toNanos();
        while (true) {
            JsonNode version = client.get("/api/v1/jobs/" + jobId).path("model_version");
            String status = version.path("status").asString("");
            if (status.equals("READY")) {
                return version;
            }
            if (status.equals("FAILED_REGISTRATION")) {
                throw CliFailure.failed("the registry could not register version "
                        + version.path("version").asInt() + " of " + model + "; see kiln models show " + model);
            }
            if (System.nanoTime() > deadline) {
                throw CliFailure.failed("job " + jobId + " succeeded but no READY version of " + model + " after "
                        + REGISTRATION.toSeconds() + " s; see kiln models show " + model);
            }
            pause(Duration.ofMillis(500));
        }
    }

    /** Reads events until the job's terminal one; false when the stream ended before it. */
    private boolean read(Iterator<String> lines, String jobId) {
        ServerSentEvents events = new ServerSentEvents(lines);
        Optional<ServerSentEvents.Event> next;
        while ((next = events.next()).isPresent()) {
            ServerSentEvents.Event event = next.get();
            Optional<JsonNode> data = Json.tryParse(event.data());
            if (data.isEmpty()) {
                continue;
            }
            if (handle(event.type(), data.get(), jobId)) {
                return true;
            }
        }
        return false;
    }

    /** Shows one event; true when nothing follows it. */
    private boolean handle(String type, JsonNode e, String jobId) {
        switch (type) {
            case "JobSnapshot" -> {
                epochs = e.path("hyperparameters").path("epochs").asInt(epochs);
                if (!headerPrinted) {
                    headerPrinted = true;
                    progress.note("Job " + jobId + " (" + e.path("name").asString() + ") on "
                            + e.path("dataset").asString() + ": "
                            + e.path("status").asString());
                }
                for (JsonNode epoch : e.path("epochs")) {
                    epochDone(epoch);
                }
                return isTerminal(e);
            }
            case "TrainingJobStarted" -> {
                int resumed = e.path("resumed_from_epoch").asInt(0);
                progress.note("Training on " + e.path("worker").asString() + " ("
                        + e.path("device").asString()
                        + "), attempt " + e.path("attempt").asInt()
                        + (resumed > 0 ? ", resumed after epoch " + resumed : ""));
                return false;
            }
            case "BatchProgress" -> {
                progress.batch(
                        e.path("epoch").asInt(),
                        epochs,
                        e.path("batch").asInt(),
                        e.path("batches_per_epoch").asInt(),
                        e.path("loss").asDouble(),
                        e.path("accuracy").asDouble(),
                        e.path("samples_per_second").asDouble());
                return false;
            }
            case "EpochCompleted" -> {
                epochDone(e);
                return false;
            }
            case "TrainingJobFailed" -> {
                if (e.path("retryable").asBoolean(false)) {
                    progress.note("Attempt " + e.path("attempt").asInt() + " failed ("
                            + Messages.firstLine(e.path("error").asString()) + "); the job is queued again");
                    return false;
                }
                return true;
            }
            case "TrainingJobSucceeded", "TrainingJobCancelled" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void epochDone(JsonNode e) {
        int epoch = e.path("epoch").asInt();
        // the same epoch again after a resumed attempt has other figures: show that run too
        if (!printedEpochs.add(epoch + "/" + e.path("train_loss").asDouble() + "/"
                + e.path("seconds").asDouble())) {
            return;
        }
        progress.epoch(
                epoch,
                epochs,
                e.path("train_loss").asDouble(),
                e.path("train_accuracy").asDouble(),
                optional(e.get("val_loss")),
                optional(e.get("val_accuracy")),
                e.path("samples_per_second").asDouble(),
                e.path("seconds").asDouble());
    }

    /** The job after its terminal event: the registry's projection may lag the stream by a moment. */
    private JsonNode settled(String path) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode job = client.get(path);
        while (!isTerminal(job) && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(300));
            job = client.get(path);
        }
        return job;
    }

    static boolean isTerminal(JsonNode job) {
        String status = job.path("status").asString("");
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    private static Double optional(JsonNode value) {
        return value == null || !value.isNumber() ? null : value.asDouble();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }
}
