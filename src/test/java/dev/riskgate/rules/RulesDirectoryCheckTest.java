package dev.riskgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directories, modes and links: who can write the rules can change the answers. */
class RulesDirectoryCheckTest {

    @TempDir
    Path work;
    private Path rules;

    @BeforeEach
    void copyThePack() throws IOException {
        rules = TestPaths.copyRules(work.resolve("rules"));
        Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(rules)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    @Test
    void acceptsADirectoryOnlyItsOwnerCanWrite() {
        assertThatCode(() -> RulesDirectoryCheck.requireSafe(rules)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAFileWritableOnlyByItsOwnersPrivateGroup() throws IOException {
        Path velocity = rules.resolve("velocity.drl");
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(velocity,
                java.nio.file.attribute.PosixFileAttributeView.class);
        java.nio.file.attribute.UserPrincipalLookupService lookup = velocity.getFileSystem().getUserPrincipalLookupService();
        view.setGroup(lookup.lookupPrincipalByGroupName(view.getOwner().getName()));
        Files.setPosixFilePermissions(velocity, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThatCode(() -> RulesDirectoryCheck.requireSafe(rules)).doesNotThrowAnyException();
    }

    @Test
    void refusesARuleFileWritableByASharedGroup() throws IOException {
        Path velocity = rules.resolve("velocity.drl");
        // a group other than the owner's own: the tests run as root, which may give a file any group
        Files.getFileAttributeView(velocity, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(velocity.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName("daemon"));
        Files.setPosixFilePermissions(velocity, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThatThrownBy(() -> RulesDirectoryCheck.requireSafe(rules)).isInstanceOfSatisfying(RulePackRejected.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo("velocity.drl");
                    assertThat(err.message()).contains("writable by its group", "chmod go-w");
                }));
    }

    @Test
    void refusesAWorldWritableParameterFile() throws IOException {
        Files.setPosixFilePermissions(rules.resolve(Parameters.FILE), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> RulesDirectoryCheck.requireSafe(rules)).isInstanceOfSatisfying(RulePackRejected.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo(Parameters.FILE);
                    assertThat(err.message()).contains("writable by anyone");
                }));
    }

    @Test
    void refusesADirectoryOthersCanWrite() throws IOException {
        Files.setPosixFilePermissions(rules, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> RulesDirectoryCheck.requireSafe(rules)).isInstanceOfSatisfying(RulePackRejected.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.file()).isEqualTo(rules.toString())));
    }

    @Test
    void refusesASymlinkThatLeavesTheDirectory() throws IOException {
        Path outside = Files.writeString(work.resolve("elsewhere.drl"), "package riskgate.rules;\n");
        Files.createSymbolicLink(rules.resolve("extra.drl"), outside);
        assertThatThrownBy(() -> RulesDirectoryCheck.requireSafe(rules)).isInstanceOfSatisfying(RulePackRejected.class,
                e -> assertThat(e.errors()).singleElement().satisfies(err -> {
                    assertThat(err.file()).isEqualTo("extra.drl");
                    assertThat(err.message()).contains("symlink", outside.toRealPath().toString(), "outside the rules directory");
                }));
    }

    @Test
    void acceptsASymlinkThatStaysInside() throws IOException {
        Files.move(rules.resolve("velocity.drl"), rules.resolve("velocity.drl.v2"));
        Files.createSymbolicLink(rules.resolve("velocity.drl"), Path.of("velocity.drl.v2"));
        assertThatCode(() -> RulesDirectoryCheck.requireSafe(rules)).doesNotThrowAnyException();
    }

    @Test
    void followsALinkedRulesDirectoryToItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("current"), rules);
        assertThatCode(() -> RulesDirectoryCheck.requireSafe(link)).doesNotThrowAnyException();
        Files.setPosixFilePermissions(rules.resolve("velocity.drl"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> RulesDirectoryCheck.requireSafe(link)).isInstanceOf(RulePackRejected.class);
    }
}
