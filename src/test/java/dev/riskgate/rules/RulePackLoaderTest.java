package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackLoaderTest {

    private final RulePackLoader loader = new RulePackLoader(Clock.systemUTC());

    @Test
    void loadsTheShippedPack() throws Exception {
        try (RulePack pack = loader.load(TestPaths.rules())) {
            assertThat(pack.version()).hasSize(12).isEqualTo(RulePackLoader.versionOf(TestPaths.rules()));
            assertThat(pack.files()).contains("parameters.properties", "resale-goods.csv", "new-device.drl");
            assertThat(pack.params().stepUpAt()).isLessThan(pack.params().blockAt());
        }
    }

    @Test
    void reportsFileLineAndRuleOfACompileError(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path drl = dir.resolve("velocity.drl");
        Files.writeString(drl, Files.readString(drl).replace("WalletEvent(type == EventKind.CHARGE)", "WalletEvent(typo == EventKind.CHARGE)"));
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).anySatisfy(err -> {
                    assertThat(err.file()).isEqualTo("velocity.drl");
                    assertThat(err.line()).isNotNull();
                    assertThat(err.rule()).isEqualTo("velocity: burst of charges on the account");
                }));
    }

    @Test
    void rejectsAnUnknownParameter(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path drl = dir.resolve("new-device.drl");
        Files.writeString(drl, Files.readString(drl).replace("new_device.unseen.points", "new_device.unsen.points"));
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.message()).contains("new_device.unsen.points");
                            assertThat(err.rule()).isEqualTo("new device: never seen on this account");
                        }));
    }

    @Test
    void rejectsThresholdsInTheWrongOrder(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path params = dir.resolve(Parameters.FILE);
        Files.writeString(params, Files.readString(params).replace("decision.block_at = 80", "decision.block_at = 30"));
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> assertThat(err.message()).contains("decision.step_up_at")));
    }

    @Test
    void rejectsABadResaleRow(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Files.writeString(dir.resolve(ResaleCatalog.SKU_FILE), "sku,group,units_per_item\n123,tobacco,-1\n");
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> assertThat(err.line()).isEqualTo(2)));
    }

    @Test
    void versionFollowsContent(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        String before = RulePackLoader.versionOf(dir);
        Files.writeString(dir.resolve("resale-goods.csv"), "999,tobacco,1\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(RulePackLoader.versionOf(dir)).isNotEqualTo(before);
    }

    @Test
    void rejectsACategoryMappedToAnUnknownGroup(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Files.writeString(dir.resolve(ResaleCatalog.CATEGORY_FILE), "Vape Juice,tobaco\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.file()).isEqualTo(ResaleCatalog.CATEGORY_FILE);
                            assertThat(err.message()).contains("tobaco");
                        }));
    }

    @Test
    void rejectsAMisspeltScopeWithFileAndLine(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path velocity = dir.resolve("velocity.drl");
        List<String> lines = Files.readAllLines(velocity);
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("scope == Scope.DEVICE")).findFirst().orElseThrow());
        lines.set(line, lines.get(line).replace("Scope.DEVICE", "Scope.DEVISE"));
        Files.write(velocity, lines);
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).isNotEmpty()
                        .allSatisfy(err -> assertThat(err.file()).isEqualTo("velocity.drl"))
                        .anySatisfy(err -> assertThat(err.line()).isEqualTo(line + 1)));
    }

    @Test
    void rejectsAScopeWrittenAsAString(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path velocity = dir.resolve("velocity.drl");
        Files.writeString(velocity, Files.readString(velocity).replaceFirst("scope == Scope.DEVICE", "scope == \"devise\""));
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).isNotEmpty()
                        .anySatisfy(err -> assertThat(err.file()).isIn("velocity.drl", "(probe)")));
    }

    @Test
    void rejectsARuleThatDeclaresNoFamily(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Path velocity = dir.resolve("velocity.drl");
        Files.writeString(velocity, Files.readString(velocity)
                .replace("rule \"velocity: burst of charges on the account\" @family(\"velocity\")",
                        "rule \"velocity: burst of charges on the account\""));
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> {
                            assertThat(err.file()).isEqualTo("velocity.drl");
                            assertThat(err.rule()).isEqualTo("velocity: burst of charges on the account");
                            assertThat(err.line()).isNotNull();
                            assertThat(err.message()).contains("@family");
                        }));
    }

    @Test
    void rejectsACapOnAFamilyNobodyDeclares(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Files.writeString(dir.resolve(Parameters.FILE), "cap.hihg_amount = 45\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(err -> assertThat(err.message()).contains("cap.hihg_amount")));
    }

    @Test
    void rejectsNegativePointsInAFamilyWithoutAFloorAndTakesThemWithOne(@TempDir Path dir) throws Exception {
        TestPaths.copyRules(dir);
        Files.writeString(dir.resolve("mitigation.drl"), """
                package riskgate.rules;

                import dev.riskgate.rules.facts.WalletEvent;

                global dev.riskgate.rules.Parameters params;
                global dev.riskgate.rules.Scorecard score;

                rule "mitigation: cancels everything" @family("mitigation")
                when
                    WalletEvent()
                then
                    score.add(-1000, "nothing to see");
                end
                """);
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOfSatisfying(RulePackRejected.class, e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo("mitigation.drl");
                    assertThat(err.line()).isEqualTo(12);
                    assertThat(err.message()).contains("negative points", "floor.mitigation");
                }));

        Files.writeString(dir.resolve(Parameters.FILE), Files.readString(dir.resolve(Parameters.FILE)) + "\nfloor.mitigation = -10\n");
        try (RulePack pack = loader.load(dir)) {
            assertThat(pack.params().get("floor.mitigation")).isEqualTo(-10);
        }
    }
}
