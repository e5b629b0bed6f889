package dev.riskgate.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riskgate.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards in grafana/dashboards/, read the way the lint and the live Prometheus check need. */
final class Dashboards {

    /** One PromQL expression of one panel. */
    record Query(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId + ": " + expr;
        }
    }

    /** A query variable's {@code label_values(selector, label)}. */
    record LabelValues(String dashboard, String variable, String selector, String label) {
    }

    /** {@code $name}, {@code ${name}} and {@code ${name:format}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    static Path dir() {
        return TestPaths.repo().resolve("grafana/dashboards");
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every panel, rows and the panels nested in collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Every PromQL expression of every panel of every dashboard. */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(dashboard.path("uid").asText(), panel.path("title").asText(),
                            target.path("refId").asText(), target.path("expr").asText()));
                }
            }
        }
        return queries;
    }

    /** The {@code label_values} queries of every query variable. */
    static List<LabelValues> variableQueries() {
        List<LabelValues> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!variable.path("type").asText().equals("query")) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                Matcher m = LABEL_VALUES.matcher(text);
                if (!m.matches()) {
                    throw new IllegalStateException(dashboard.path("uid").asText() + " variable "
                            + variable.path("name").asText() + " is not label_values(selector, label): " + text);
                }
                queries.add(new LabelValues(dashboard.path("uid").asText(), variable.path("name").asText(),
                        m.group(1).trim(), m.group(2)));
            }
        }
        return queries;
    }

    /** {@code text} with every template variable replaced; a variable without a value is an error. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for variable $" + name + " in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
