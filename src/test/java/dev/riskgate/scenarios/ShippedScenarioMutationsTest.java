package dev.riskgate.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.riskgate.ShippedPack;
import dev.riskgate.TestPaths;
import dev.riskgate.rules.RulePack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each shipped scenario, with one typo at a time: every key of every mapping misspelt, and every rule name
 * in fired/notFired and alert kind in alerts/notAlerted misspelt. Each variant must be refused before it can pass; a variant that loads and
 * runs is a check that could have passed for nothing.
 */
class ShippedScenarioMutationsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final RulePack pack = ShippedPack.get();

    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everyMisspeltKeyIsRefused() throws Exception {
        return ScenarioFile.find(TestPaths.testCases()).stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> {
                    JsonNode original = YAML.readTree(file.toFile());
                    List<String> mutated = new ArrayList<>();
                    forEachKey(original, "", (path, key) -> {
                        JsonNode copy = original.deepCopy();
                        ObjectNode parent = (ObjectNode) at(copy, path);
                        String typo = misspell(key);
                        JsonNode value = parent.remove(key);
                        parent.set(typo, value);
                        Path variant = write(copy, file);
                        assertThatThrownBy(() -> new ScenarioRunner(pack).run(ScenarioFile.load(variant)))
                                .as("%s with '%s' at %s misspelt as '%s'", file.getFileName(), key, path, typo)
                                .isInstanceOf(ScenarioFile.InvalidScenario.class)
                                .hasMessageContaining("'" + typo + "'");
                        mutated.add(path + "/" + key);
                    });
                    assertThat(mutated).as("keys mutated in " + file.getFileName()).hasSizeGreaterThan(5);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyMisspeltRuleNameIsRefused() throws Exception {
        return ScenarioFile.find(TestPaths.testCases()).stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> {
                    JsonNode original = YAML.readTree(file.toFile());
                    int mutated = 0;
                    for (String path : ruleLists(original)) {
                        ArrayNode names = (ArrayNode) at(original, path);
                        for (int i = 0; i < names.size(); i++) {
                            JsonNode copy = original.deepCopy();
                            String typo = misspell(names.get(i).asText());
                            ((ArrayNode) at(copy, path)).set(i, TextNode.valueOf(typo));
                            Path variant = write(copy, file);
                            boolean kinds = path.endsWith("lerts") || path.endsWith("Alerted");
                            assertThatThrownBy(() -> new ScenarioRunner(pack).run(ScenarioFile.load(variant)))
                                    .as("%s with rule name or alert kind \"%s\" misspelt", file.getFileName(),
                                            names.get(i).asText())
                                    .isInstanceOf(ScenarioFile.InvalidScenario.class)
                                    .hasMessageContaining(kinds ? "alert kind \"" + typo + "\", which pack"
                                            : "\"" + typo + "\", which is no rule of pack")
                                    .hasMessageContaining("did you mean \"" + names.get(i).asText() + "\"?");
                            mutated++;
                        }
                    }
                    assertThat(mutated).as("rule names mutated in " + file.getFileName()).isPositive();
                }));
    }

    /** Drops the second character ("decision" -> "dcision"), or doubles the last of a short key ("at" -> "att"). */
    private static String misspell(String word) {
        return word.length() > 3 ? word.charAt(0) + word.substring(2) : word + word.charAt(word.length() - 1);
    }

    /** Calls {@code each} with the JSON pointer of every mapping and each of its keys, once per distinct pair of pointer shape and key. */
    private static void forEachKey(JsonNode node, String path, KeyVisitor each) throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        walk(node, path, (p, k) -> {
            if (seen.add(p.replaceAll("/\\d+", "/#") + " " + k)) {
                each.visit(p, k);
            }
        });
    }

    private static void walk(JsonNode node, String path, KeyVisitor each) throws Exception {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                each.visit(path, key);
                walk(node.get(key), path + "/" + key, each);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, each);
            }
        }
    }

    private static List<String> ruleLists(JsonNode root) {
        List<String> out = new ArrayList<>();
        JsonNode steps = root.get("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode expect = steps.get(i).get("expect");
            for (String key : List.of("fired", "notFired", "alerts", "notAlerted")) {
                if (expect != null && expect.has(key)) {
                    out.add("/steps/" + i + "/expect/" + key);
                }
            }
        }
        return out;
    }

    private static JsonNode at(JsonNode root, String pointer) {
        return pointer.isEmpty() ? root : root.at(pointer);
    }

    private static Path write(JsonNode tree, Path original) throws Exception {
        Path variant = Files.createTempFile(dir, original.getFileName().toString().replace(".yaml", ""), ".yaml");
        YAML.writeValue(variant.toFile(), tree);
        return variant;
    }

    private interface KeyVisitor {
        void visit(String path, String key) throws Exception;
    }
}
