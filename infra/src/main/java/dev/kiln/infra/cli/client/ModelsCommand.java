package dev.kiln.infra.cli.client;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kiln models list | show | promote}. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List registered models, show their versions, promote one.",
        synopsisSubcommandLabel = "(list | show | promote)",
        footer = {
            "",
            "Examples:",
            "  kiln models list",
            "  kiln models show fashion-mnist-classifier",
            "  kiln models promote fashion-mnist-classifier 3 --alias production",
            "  kiln models show fashion-mnist-classifier -o json"
        })
public final class ModelsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "kiln models needs a subcommand: list, show or promote");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models by name.")
    int list(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Option(names = "--search", paramLabel = "TEXT", description = "Only models whose name contains TEXT.")
                    String search) {
        String query = search == null ? "" : "?search=" + URLEncoder.encode(search, StandardCharsets.UTF_8);
        JsonNode answer = gateway.client().get("/api/v1/models" + query);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(answer));
            out.flush();
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "LATEST", "VERSIONS", "ALIASES", "UPDATED");
        for (JsonNode model : answer.path("models")) {
            table.row(
                    model.path("name").asString(),
                    Formats.text(model, "latest_version"),
                    model.path("version_count").asInt(),
                    Formats.aliases(model.get("aliases")),
                    Formats.time(model.get("updated_at")));
        }
        if (table.isEmpty()) {
            out.println("No models yet. Train one with kiln train --register-as NAME (or kiln demo).");
        } else {
            table.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Show a model and its versions.",
                "With -o json: GET /api/v1/models/NAME with a \"versions\" field holding the",
                "versions of GET /api/v1/models/NAME/versions."
            })
    int show(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(paramLabel = "NAME", description = "The registered model.") String name) {
        GatewayClient client = gateway.client();
        String path = "/api/v1/models/" + PathSegments.encode(name);
        JsonNode model = client.get(path);
        JsonNode versions = client.get(path + "/versions").path("versions");
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode both = model.isObject() ? (ObjectNode) model : Json.MAPPER.createObjectNode();
            both.set("versions", versions);
            out.println(Json.pretty(both));
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Model " + model.path("name").asString()
                + (Formats.text(model, "description") == null ? "" : ": " + Formats.text(model, "description")));
        String aliases = Formats.aliases(model.get("aliases"));
        out.println("  latest READY version " + model.path("latest_version").asString("-") + ", aliases "
                + (aliases == null ? "none" : aliases));
        out.println();
        Table table = new Table("VERSION", "STATUS", "TEST ACC", "DATASET", "JOB", "ALIASES", "CREATED");
        for (JsonNode v : versions) {
            table.row(
                    v.path("version").asInt(),
                    v.path("status").asString(),
                    Formats.percent(v.path("metrics").get("test_accuracy")),
                    Formats.text(v, "dataset"),
                    Formats.text(v, "job_id"),
                    Formats.list(v.get("aliases")),
                    Formats.time(v.get("created_at")));
        }
        table.print(out);
        out.flush();
        return ExitCodes.OK;
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Point an alias (production by default) at a version; inference serves it.")
    int promote(
            @Mixin GatewayOptions gateway,
            @Mixin OutputOption output,
            @Parameters(index = "0", paramLabel = "NAME", description = "The registered model.") String name,
            @Parameters(index = "1", paramLabel = "VERSION", description = "The version, a number.") int version,
            @Option(
                            names = "--alias",
                            paramLabel = "ALIAS",
                            defaultValue = "production",
                            description = "The alias to set (default: ${DEFAULT-VALUE}).")
                    String alias) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("version", version);
        JsonNode answer = gateway.client()
                .send(
                        "PUT",
                        "/api/v1/models/" + PathSegments.encode(name) + "/aliases/" + PathSegments.encode(alias),
                        body);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(Json.pretty(answer));
        } else {
            out.println("Promoted " + name + " version " + version + " to " + alias + " (" + name + "@" + alias + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
