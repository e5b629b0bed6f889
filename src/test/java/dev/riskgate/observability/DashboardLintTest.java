package dev.riskgate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.TestPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboards follow the conventions that keep them portable and correct on any Grafana and Prometheus. */
class DashboardLintTest {

    private static final String DATASOURCE = "${datasource}";
    /** Angular-era panels Grafana no longer renders (or migrates on load, which provisioning then fights). */
    private static final Set<String> DEPRECATED = Set.of("graph", "singlestat", "table-old", "grafana-singlestat-panel",
            "grafana-piechart-panel", "grafana-worldmap-panel", "grafana-polystat-panel", "natel-discrete-panel",
            "heatmap-new", "flant-statusmap-panel", "vonage-status-panel", "alertlist-old");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]]*)]");
    private static final Pattern RATE_CALL = Pattern.compile("\\b(rate|irate|increase)\\s*\\(");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");

    @Test
    void thereAreAnOperationsAndARiskDashboard() {
        List<String> uids = Dashboards.files().stream().map(f -> Dashboards.read(f).path("uid").asText()).toList();

        assertThat(uids).contains("riskgate-operations", "riskgate-risk").doesNotHaveDuplicates();
    }

    @Test
    void everyDashboardHasAFixedUidAndNoId() {
        for (Path file : Dashboards.files()) {
            JsonNode d = Dashboards.read(file);
            assertThat(d.path("uid").asText()).as(file + " uid").matches("[a-z0-9-]{1,40}");
            assertThat(d.has("id")).as(file + " has an id field").isTrue();
            assertThat(d.get("id").isNull()).as(file + " id must be null so Grafana assigns one").isTrue();
        }
    }

    @Test
    void everyDashboardDeclaresDatasourceJobAndInstanceVariables() {
        for (Path file : Dashboards.files()) {
            JsonNode vars = Dashboards.read(file).path("templating").path("list");
            JsonNode ds = variable(vars, "datasource");
            assertThat(ds.path("type").asText()).as(file + " $datasource type").isEqualTo("datasource");
            assertThat(ds.path("query").asText()).as(file + " $datasource plugin").isEqualTo("prometheus");
            for (String name : List.of("job", "instance")) {
                JsonNode v = variable(vars, name);
                assertThat(v.path("type").asText()).as(file + " $" + name + " type").isEqualTo("query");
                assertThat(v.path("datasource").path("uid").asText()).as(file + " $" + name + " datasource")
                        .isEqualTo(DATASOURCE);
            }
        }
    }

    @Test
    void everyPanelUsesTheDatasourceVariable() {
        List<String> offenders = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                boolean row = panel.path("type").asText().equals("row");
                if (!(row && panel.path("datasource").isMissingNode()) && !usesVariable(panel.path("datasource"))) {
                    offenders.add(where + ": panel datasource " + panel.path("datasource"));
                }
                if (!row && panel.path("targets").isEmpty()) {
                    offenders.add(where + ": no queries");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (!usesVariable(target.path("datasource"))) {
                        offenders.add(where + " / " + target.path("refId").asText() + ": target datasource "
                                + target.path("datasource"));
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void noDeprecatedPanelTypes() {
        List<String> offenders = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
                if (DEPRECATED.contains(panel.path("type").asText())) {
                    offenders.add(file.getFileName() + " / " + panel.path("title").asText() + ": " + panel.path("type").asText());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyRateWindowIsTheRateInterval() {
        List<String> offenders = new ArrayList<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            Matcher range = RANGE.matcher(q.expr());
            while (range.find()) {
                if (!range.group(1).equals("$__rate_interval")) {
                    offenders.add(q + " (window [" + range.group(1) + "])");
                }
            }
            Matcher call = RATE_CALL.matcher(q.expr());
            while (call.find()) {
                if (!argumentOf(q.expr(), call.end()).contains("[$__rate_interval]")) {
                    offenders.add(q + " (" + call.group(1) + " without [$__rate_interval])");
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyQueryIsScopedToTheSelectedJobAndInstance() {
        List<String> offenders = new ArrayList<>();
        for (Dashboards.Query q : Dashboards.queries()) {
            Matcher selector = SELECTOR.matcher(q.expr());
            int selectors = 0;
            while (selector.find()) {
                selectors++;
                String matchers = selector.group(1);
                if (!matchers.contains("job=~\"$job\"") || !matchers.contains("instance=~\"$instance\"")) {
                    offenders.add(q + " (selector {" + matchers + "})");
                }
            }
            if (selectors == 0) {
                offenders.add(q + " (no label selector)");
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void everyPanelHasATitleAndDescription() {
        List<String> offenders = new ArrayList<>();
        for (Path file : Dashboards.files()) {
            for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
                if (panel.path("title").asText().isBlank()
                        || (!panel.path("type").asText().equals("row") && panel.path("description").asText().isBlank())) {
                    offenders.add(file.getFileName() + " panel " + panel.path("id"));
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void panelIdsAreUniqueWithinADashboard() {
        for (Path file : Dashboards.files()) {
            Set<Integer> seen = new HashSet<>();
            for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
                assertThat(seen.add(panel.path("id").asInt())).as(file + " panel id " + panel.path("id")).isTrue();
            }
        }
    }

    /** docker-compose.yml mounts the directories the provisioning files point Grafana and Prometheus at. */
    @Test
    void composeMountsWhatProvisioningExpects() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path repo = TestPaths.repo();
        JsonNode provider = yaml.readTree(repo.resolve("grafana/provisioning/dashboards/riskgate.yaml").toFile())
                .path("providers").get(0);
        JsonNode compose = yaml.readTree(repo.resolve("docker-compose.yml").toFile()).path("services");
        List<String> grafanaVolumes = new ArrayList<>();
        compose.path("grafana").path("volumes").forEach(v -> grafanaVolumes.add(v.asText()));
        List<String> prometheusVolumes = new ArrayList<>();
        compose.path("prometheus").path("volumes").forEach(v -> prometheusVolumes.add(v.asText()));
        JsonNode datasource = yaml.readTree(repo.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile())
                .path("datasources").get(0);

        assertThat(grafanaVolumes).anyMatch(v -> v.startsWith("./grafana/provisioning:/etc/grafana/provisioning"));
        assertThat(grafanaVolumes)
                .anyMatch(v -> v.startsWith("./grafana/dashboards:" + provider.path("options").path("path").asText()));
        assertThat(prometheusVolumes).anyMatch(v -> v.startsWith("./prometheus:/etc/prometheus"));
        assertThat(datasource.path("uid").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(compose.has("riskgate")).isTrue();
    }

    private static JsonNode variable(JsonNode vars, String name) {
        for (JsonNode v : vars) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no $" + name + " template variable");
    }

    private static boolean usesVariable(JsonNode datasource) {
        return datasource.isObject() ? datasource.path("uid").asText().equals(DATASOURCE)
                : datasource.asText().equals(DATASOURCE);
    }

    /** The text between the parenthesis before {@code from} and its matching close. */
    private static String argumentOf(String expr, int from) {
        int depth = 1;
        for (int i = from; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return expr.substring(from, i);
            }
        }
        return expr.substring(from);
    }
}
