package dev.kiln.infra.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard of docker-compose.yml's {@code observability} profile: valid JSON whose panels use the
 * provisioned Prometheus datasource, have unique ids, and query only series listed in {@code infra/grafana/
 * metrics.txt} (the series the services really expose; see docs/operations.md on how that list is checked).
 */
class GrafanaDashboardTests {
    private static final Set<String> SERVICES =
            Set.of("gateway", "model-registry", "training-service", "inference-service");
    private static final Set<String> PROMQL_FUNCTIONS = Set.of(
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "topk",
            "bottomk",
            "quantile",
            "rate",
            "irate",
            "increase",
            "delta",
            "histogram_quantile",
            "clamp_min",
            "clamp_max",
            "abs",
            "vector",
            "scalar",
            "avg_over_time",
            "max_over_time",
            "min_over_time",
            "label_replace",
            "sort_desc",
            "time");
    private static final Set<String> PROMQL_KEYWORDS = Set.of("by", "without", "and", "or", "unless", "bool", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private static Path grafana;
    private static JsonNode dashboard;
    private static List<JsonNode> panels;

    @BeforeAll
    static void readTheDashboard() throws IOException {
        // surefire runs in the module folder (infra/)
        grafana = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("grafana");
        dashboard = JsonMapper.builder().build().readTree(Files.readString(grafana.resolve("dashboards/kiln.json")));
        panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add); // panels of a collapsed row
        }
    }

    @Test
    void isADashboardWithATitleUidAndPanels() {
        assertThat(dashboard.path("uid").asString()).isEqualTo("kiln-overview");
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(panels).extracting(p -> p.path("type").asString()).contains("timeseries");
        assertThat(queries()).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void panelIdsAreUniqueAndPanelsFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt(-1)))
                    .as("panel id %s (%s) is unique", panel.path("id"), panel.path("title"))
                    .isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt())
                    .as("panel '%s' fits 24 columns", panel.path("title").asString())
                    .isBetween(1, 24);
        }
    }

    @Test
    void everyPanelAndQueryUsesTheProvisionedPrometheusDatasource() throws IOException {
        Map<String, Object> provisioning = yaml(grafana.resolve("provisioning/datasources/prometheus.yaml"));
        Set<String> uids = new TreeSet<>();
        for (Object datasource : (List<?>) provisioning.get("datasources")) {
            uids.add(String.valueOf(((Map<?, ?>) datasource).get("uid")));
        }
        for (JsonNode panel : panels) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            String title = panel.path("title").asString();
            assertThat(panel.path("datasource").path("uid").asString())
                    .as("datasource of panel '%s'", title)
                    .isIn(uids);
            assertThat(panel.path("targets")).as("queries of panel '%s'", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource")
                                .path("uid")
                                .asString(panel.path("datasource").path("uid").asString()))
                        .as("datasource of a query of panel '%s'", title)
                        .isIn(uids);
            }
        }
    }

    @Test
    void everyQueryNamesOnlySeriesListedInMetricsTxt() throws IOException {
        Map<String, Set<String>> listed = listedSeries();
        Map<String, Set<String>> unknown = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (String expr : queries()) {
            for (String series : seriesIn(expr)) {
                used.add(series);
                if (!listed.containsKey(series)) {
                    unknown.computeIfAbsent(series, s -> new TreeSet<>()).add(expr);
                }
            }
        }
        assertThat(unknown)
                .as("series no service exposes (add them to infra/grafana/metrics.txt after checking a real scrape)")
                .isEmpty();
        assertThat(used).as("series the dashboard queries").contains("kiln_training_queue_depth");
    }

    @Test
    void theSeriesExtractorFindsMetricNamesButNotFunctionsLabelsOrRanges() {
        assertThat(seriesIn("histogram_quantile(0.95, sum by (le, model) (rate(a_seconds_bucket{job=\"x\"}[5m])))"))
                .containsExactly("a_seconds_bucket");
        assertThat(seriesIn("clamp_min(sum(max by (queue) (q)) - sum(b_total), 0)"))
                .containsExactlyInAnyOrder("q", "b_total");
        assertThat(seriesIn("sum by (outcome) (increase(c_total[$__range]))")).containsExactly("c_total");
    }

    @Test
    void metricsTxtNamesOnlyKilnServices() throws IOException {
        listedSeries().forEach((series, services) -> assertThat(services)
                .as("services of %s in metrics.txt", series)
                .isNotEmpty()
                .isSubsetOf(SERVICES));
    }

    @Test
    void theDashboardProviderLoadsTheFolderComposeMountsTheDashboardInto() throws IOException {
        Map<String, Object> provider = yaml(grafana.resolve("provisioning/dashboards/kiln.yaml"));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) provider.get("providers")).get(0);
        String path = String.valueOf(((Map<?, ?>) first.get("options")).get("path"));
        Map<String, Object> compose = yaml(grafana.getParent().getParent().resolve("docker-compose.yml"));
        Map<?, ?> service = (Map<?, ?>) ((Map<?, ?>) compose.get("services")).get("grafana");
        List<String> volumes =
                ((List<?>) service.get("volumes")).stream().map(String::valueOf).toList();
        assertThat(volumes)
                .contains(
                        "./infra/grafana/dashboards/kiln.json:" + path + "/kiln.json:ro",
                        "./infra/grafana/provisioning/dashboards/kiln.yaml:/etc/grafana/provisioning/dashboards/kiln.yaml:ro",
                        "./infra/grafana/provisioning/datasources/prometheus.yaml:"
                                + "/etc/grafana/provisioning/datasources/prometheus.yaml:ro");
    }

    private static List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asString()));
        }
        return queries;
    }

    /** The series a PromQL expression reads: identifiers that are not functions, keywords, labels or ranges. */
    static Set<String> seriesIn(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> series = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) != null) {
                assertThat(PROMQL_FUNCTIONS).as("PromQL function in %s", expr).contains(name);
            } else if (!PROMQL_KEYWORDS.contains(name)) {
                series.add(name);
            }
        }
        return series;
    }

    /** metrics.txt: series name, then the services exposing it; '#' starts a comment. */
    private static Map<String, Set<String>> listedSeries() throws IOException {
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String line : Files.readAllLines(grafana.resolve("metrics.txt"))) {
            String content = line.replaceAll("#.*", "").strip();
            if (!content.isEmpty()) {
                String[] words = content.split("\\s+");
                listed.put(words[0], new TreeSet<>(List.of(words).subList(1, words.length)));
            }
        }
        return listed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }
}
