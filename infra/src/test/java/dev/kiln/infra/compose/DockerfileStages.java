package dev.kiln.infra.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of a Dockerfile with what the compose tests need from them: each stage's base, its {@code USER} and
 * {@code ENV} lines, resolved through {@code FROM <earlier stage>} the way a build with given build args resolves them.
 */
record DockerfileStages(Path file, Map<String, String> globalArgs, List<Stage> stages) {
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    record Stage(String name, String from, List<String> users, Map<String, String> env, List<String> runs) {}

    /**
     * What a stage comes to: the user it runs as (empty when only its external base image decides), its ENV, and the
     * RUN commands of it and the stages it stands on.
     */
    record Resolved(Optional<String> user, Map<String, String> env, List<String> runs, List<String> chain) {}

    static DockerfileStages parse(Path file) throws IOException {
        Map<String, String> globalArgs = new LinkedHashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (String instruction : instructions(Files.readAllLines(file))) {
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String rest = parts.length > 1 ? parts[1].trim() : "";
            switch (keyword) {
                case "ARG" -> {
                    if (stages.isEmpty()) {
                        String[] arg = rest.split("=", 2);
                        globalArgs.put(arg[0], arg.length > 1 ? unquote(arg[1]) : "");
                    }
                }
                case "FROM" -> stages.add(from(rest));
                case "USER" -> current(stages, file, instruction).users().add(rest);
                case "ENV" -> current(stages, file, instruction).env().putAll(envPairs(rest));
                case "RUN" -> current(stages, file, instruction).runs().add(rest);
                default -> {}
            }
        }
        return new DockerfileStages(file, globalArgs, stages);
    }

    /** The stage {@code target} (or the last one when null) as built with {@code buildArgs}. */
    Resolved resolve(String target, Map<String, String> buildArgs) {
        Map<String, String> args = new HashMap<>(); // FROM sees only the ARGs declared before the first FROM
        globalArgs.forEach((name, fallback) -> args.put(name, buildArgs.getOrDefault(name, fallback)));
        int index = target == null ? stages.size() - 1 : indexOf(target, stages.size());
        if (index < 0) {
            throw new AssertionError(file + " has no stage named '" + target + "'");
        }
        List<Stage> chain = new ArrayList<>();
        while (index >= 0) {
            Stage stage = stages.get(index);
            chain.add(0, stage);
            index = indexOf(substitute(stage.from(), args), index); // a base that is no earlier stage: -1
        }
        Optional<String> user = Optional.empty();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        for (Stage s : chain) {
            runs.addAll(s.runs());
            if (!s.users().isEmpty()) {
                user = Optional.of(s.users().get(s.users().size() - 1));
            }
            env.putAll(s.env());
        }
        return new Resolved(user, env, runs, chain.stream().map(Stage::name).toList());
    }

    /** The last stage before {@code before} named {@code name}, or -1. */
    private int indexOf(String name, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (name.equalsIgnoreCase(stages.get(i).name())) {
                return i;
            }
        }
        return -1;
    }

    /** Logical lines: continuations joined, comments and blank lines dropped (also inside a continuation). */
    private static List<String> instructions(List<String> lines) {
        List<String> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            result.add(pending.toString());
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            result.add(pending.toString().trim());
        }
        return result;
    }

    private static Stage from(String rest) {
        List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
        words.removeIf(word -> word.startsWith("--"));
        String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
        return new Stage(name, words.get(0), new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>());
    }

    private static Stage current(List<Stage> stages, Path file, String instruction) {
        if (stages.isEmpty()) {
            throw new AssertionError(file + ": '" + instruction + "' comes before the first FROM");
        }
        return stages.get(stages.size() - 1);
    }

    private static Map<String, String> envPairs(String rest) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = ENV_PAIR.matcher(rest);
        boolean any = false;
        while (m.find()) {
            env.put(m.group(1), unquote(m.group(2)));
            any = true;
        }
        if (!any) { // legacy form: ENV NAME value with spaces
            String[] parts = rest.split("\\s+", 2);
            env.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return env;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }
}
