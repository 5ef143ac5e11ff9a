package dev.kiln.infra.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration reference of docs/operations.md, generated from the {@code
 * META-INF/spring-configuration-metadata.json} that Spring Boot's configuration processor writes for a service (from
 * its {@code @ConfigurationProperties} records and their Javadoc). Each service's section sits between {@code <!--
 * configuration-reference:SERVICE:begin -->} and {@code <!-- configuration-reference:SERVICE:end -->}; each service
 * has a test that calls {@link #verify} so the section cannot drift from the code.
 */
public final class ConfigurationReference {
    /** The system property that makes {@link #verify} rewrite the section instead of failing. */
    public static final String UPDATE_PROPERTY = "kiln.docs.update";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfigurationReference() {}

    /**
     * One property.
     *
     * @param name e.g. {@code kiln.gateway.registry-url}
     * @param type the Java type without packages, e.g. {@code Duration}
     * @param defaultValue the default as written in configuration, or empty
     * @param description from the Javadoc, or empty
     */
    public record Property(String name, String type, String defaultValue, String description) {
        /** The environment variable that sets it: upper case, dots and dashes as underscores. */
        public String environmentVariable() {
            return name.replaceAll("[.\\-]", "_")
                    .replace("[", "_")
                    .replace("]", "")
                    .toUpperCase(Locale.ROOT);
        }
    }

    /** The properties under {@code prefix} in a metadata file, by name. */
    public static List<Property> read(Path metadata, String prefix) throws IOException {
        JsonNode root = JSON.readTree(Files.readString(metadata));
        List<Property> properties = new ArrayList<>();
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            if (!name.startsWith(prefix + ".") || property.has("deprecation")) {
                continue;
            }
            properties.add(new Property(
                    name,
                    simpleType(property.path("type").asString("")),
                    defaultValue(property.path("defaultValue")),
                    oneLine(property.path("description").asString(""))));
        }
        properties.sort(Comparator.comparing(Property::name));
        return properties;
    }

    /** The Markdown table of the properties. */
    public static String table(List<Property> properties) {
        StringBuilder table = new StringBuilder();
        table.append("| Property | Environment variable | Type | Default | Description |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (Property p : properties) {
            table.append("| `")
                    .append(p.name())
                    .append("` | `")
                    .append(p.environmentVariable())
                    .append("` | ")
                    .append(p.type().isEmpty() ? "" : "`" + cell(p.type()) + "`")
                    .append(" | ")
                    .append(p.defaultValue().isEmpty() ? "—" : "`" + cell(p.defaultValue()) + "`")
                    .append(" | ")
                    .append(cell(p.description()))
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * Checks that the service's section of the document is the table of its metadata; with {@code
     * -Dkiln.docs.update=true} writes it instead.
     *
     * @param service the module, e.g. {@code gateway}
     * @param prefix the properties' prefix, e.g. {@code kiln.gateway}
     * @param metadata the module's {@code target/classes/META-INF/spring-configuration-metadata.json}
     * @param document docs/operations.md
     * @throws AssertionError when the section is missing or out of date, saying how to regenerate it
     */
    public static void verify(String service, String prefix, Path metadata, Path document) throws IOException {
        if (!Files.isRegularFile(metadata)) {
            throw new AssertionError(
                    metadata + " is missing: is spring-boot-configuration-processor a dependency of " + service + "?");
        }
        String begin = "<!-- configuration-reference:" + service + ":begin -->\n";
        String end = "<!-- configuration-reference:" + service + ":end -->";
        String text = Files.readString(document);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError(document + " has no section " + begin.strip() + " … " + end);
        }
        String wanted = table(read(metadata, prefix));
        String actual = text.substring(from + begin.length(), to);
        if (actual.equals(wanted)) {
            return;
        }
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(document, text.substring(0, from + begin.length()) + wanted + text.substring(to));
            return;
        }
        throw new AssertionError("docs/operations.md's configuration reference for " + service
                + " is out of date; regenerate it: ./mvnw -pl " + service
                + " -am test -Dtest=ConfigurationReferenceTests -Dsurefire.failIfNoSpecifiedTests=false -D"
                + UPDATE_PROPERTY + "=true");
    }

    private static String simpleType(String type) {
        return type.replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+([A-Z])", "$1").replace('$', '.');
    }

    private static String defaultValue(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString()));
            return String.join(",", items);
        }
        return value.asString();
    }

    /** The Javadoc text on one line, with code spans as Markdown code. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ")
                .replaceAll("\\{@code ([^}]*)}", "`$1`")
                .strip();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
