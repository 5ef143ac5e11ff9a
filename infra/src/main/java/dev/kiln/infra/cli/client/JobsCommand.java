package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code kiln jobs list | show | cancel | watch}. */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "List, inspect, cancel and follow training jobs.",
        synopsisSubcommandLabel = "(list | show | cancel | watch)",
        footer = {
            "",
            "Examples:",
            "  kiln jobs list --status RUNNING",
            "  kiln jobs show ID      epochs, metrics, the model version it registered",
            "  kiln jobs watch ID     live progress until it ends (exit 0 when it SUCCEEDED)",
            "  kiln jobs cancel ID",
            "  kiln jobs list -o json | jq '.jobs[].id'"
        })
public final class JobsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "kiln jobs needs a subcommand: list, show, cancel or watch");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    int list(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only QUEUED, RUNNING, SUCCEEDED, …")
                    String status,
            @Option(names = "--limit", paramLabel = "N", description = "At most N jobs (default 20, up to 100).")
                    Integer limit,
            @Option(names = "--page-token", paramLabel = "TOKEN", description = "The next page of a previous list.")
                    String pageToken) {
        List<String> query = new ArrayList<>();
        addQuery(query, "status", status);
        addQuery(query, "limit", limit == null ? null : limit.toString());
        addQuery(query, "page_token", pageToken);
        JsonNode answer = gateway.client().get("/api/v1/jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(answer));
            out.flush();
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "NAME", "STATUS", "DATASET", "EPOCHS", "TEST ACC", "MODEL", "CREATED");
        for (JsonNode job : answer.path("jobs")) {
            table.row(
                    job.path("id").asString(),
                    job.path("name").asString(),
                    job.path("status").asString(),
                    job.path("dataset").asString(),
                    job.path("epochs").size() + "/"
                            + job.path("hyperparameters").path("epochs").asString("?"),
                    Formats.percent(job.get("test_accuracy")),
                    Formats.modelVersion(job.get("model_version")),
                    Formats.time(job.get("created_at")));
        }
        if (table.isEmpty()) {
            out.println("No jobs" + (status == null ? "" : " with status " + status)
                    + ". Submit one with kiln train (see kiln train --help).");
        } else {
            table.print(out);
        }
        String next = Formats.text(answer, "next_page_token");
        if (next != null) {
            out.println("More: kiln jobs list --page-token " + next);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job: state, epochs, results.")
    int show(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID", description = "The job id.") String id) {
        JsonNode job = gateway.client().get("/api/v1/jobs/" + PathSegments.encode(id));
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(job));
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Job " + job.path("id").asString() + " (" + job.path("name").asString() + "): "
                + job.path("status").asString());
        Table facts = new Table("", "");
        facts.row("dataset", job.path("dataset").asString());
        JsonNode model = job.path("model");
        facts.row(
                "model",
                model.has("template")
                        ? "template " + model.path("template").asString()
                        : model.path("layers").size() + " layers");
        facts.row("hyperparameters", keyValues(job.path("hyperparameters")));
        String worker = Formats.text(job, "worker");
        facts.row(
                "worker",
                worker == null
                        ? null
                        : worker + " (" + job.path("device").asString() + "), attempt "
                                + job.path("attempt").asInt());
        facts.row("test accuracy", Formats.percent(job.get("test_accuracy")));
        JsonNode version = job.get("model_version");
        facts.row(
                "model version",
                version == null || version.isNull()
                        ? Formats.text(job, "register_as")
                        : Formats.modelVersion(version) + " ("
                                + version.path("status").asString() + ")");
        facts.row("created", Formats.time(job.get("created_at")));
        facts.row("started", Formats.time(job.get("started_at")));
        facts.row("finished", Formats.time(job.get("finished_at")));
        if (Formats.text(job, "error") != null) {
            facts.row("error", Messages.firstLine(Formats.text(job, "error")));
        }
        facts.printWithoutHeader(out, "  ");
        if (!job.path("epochs").isEmpty()) {
            out.println();
            Table epochs = new Table("EPOCH", "LOSS", "ACC", "VAL LOSS", "VAL ACC", "SAMPLES/S", "SECONDS");
            for (JsonNode e : job.path("epochs")) {
                epochs.row(
                        e.path("epoch").asInt(),
                        Formats.decimal(e.get("train_loss")),
                        Formats.percent(e.get("train_accuracy")),
                        Formats.decimal(e.get("val_loss")),
                        Formats.percent(e.get("val_accuracy")),
                        String.format(
                                java.util.Locale.ROOT,
                                "%,.0f",
                                e.path("samples_per_second").asDouble()),
                        String.format(
                                java.util.Locale.ROOT, "%.1f", e.path("seconds").asDouble()));
            }
            epochs.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running job.")
    int cancel(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(paramLabel = "ID", description = "The job id.") String id) {
        JsonNode answer = gateway.client().send("POST", "/api/v1/jobs/" + PathSegments.encode(id) + "/cancel", null);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(answer));
        } else {
            out.println("Cancel requested for job " + id + " (it was "
                    + answer.path("status").asString() + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Follow a job until it ends.",
                "A live progress bar per epoch on a terminal, one line per epoch otherwise.",
                "Exit code 0 when it SUCCEEDED, 1 when it FAILED or was CANCELLED."
            })
    int watch(@Mixin GatewayOptions gateway, @Parameters(paramLabel = "ID", description = "The job id.") String id) {
        PrintWriter out = spec.commandLine().getOut();
        JobWatcher watcher = new JobWatcher(gateway.client(), out, Terminal.interactive());
        watcher.report(watcher.follow(PathSegments.encode(id)));
        return ExitCodes.OK;
    }

    private static void addQuery(List<String> query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
        }
    }

    private static String keyValues(JsonNode object) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isNull()) {
                parts.add(e.getKey() + "=" + e.getValue().asString());
            }
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }
}
