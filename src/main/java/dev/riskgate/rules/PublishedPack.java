package dev.riskgate.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pack published to a shared store (Redis, see {@code riskgate publish}), fetched to a directory of
 * its own under {@code cacheDir} so the one loader, policy and directory check serve it as they serve a
 * rules directory. A fetched pack is kept only if its files hash to the version it was published under,
 * and its files must be pack files in the directory itself: what comes over the network names no path.
 * Only the current version's directory is kept.
 */
public final class PublishedPack implements PackSource {

    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{12}");

    private final Supplier<String> currentVersion;
    private final Function<String, Map<String, byte[]>> files;
    private final Function<String, String> provenance;
    private final Path cacheDir;
    private final String where;

    /**
     * @param currentVersion the version to serve, null when none was published
     * @param files          a published version's files by name
     * @param provenance     who published a version when, and what it passed; for operators
     * @param where          the store, for messages
     */
    public PublishedPack(Supplier<String> currentVersion, Function<String, Map<String, byte[]>> files,
                         Function<String, String> provenance, Path cacheDir, String where) {
        this.currentVersion = currentVersion;
        this.files = files;
        this.provenance = provenance;
        this.cacheDir = cacheDir;
        this.where = where;
    }

    @Override
    public String origin(Path dir) {
        String version = dir.getFileName().toString();
        String known;
        try {
            known = provenance.apply(version);
        } catch (RuntimeException e) {
            known = "publisher unknown: " + e.getMessage();
        }
        return "published to " + where + " as " + version + (known == null || known.isEmpty() ? "" : ", " + known);
    }

    @Override
    public Path current() {
        String version = currentVersion.get();
        if (version == null) {
            throw new IllegalStateException("no rule pack has been published to " + where
                    + "; publish one with: riskgate publish --rules DIR");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalStateException("the current pack in " + where + " is '" + version
                    + "', not a pack version (12 hex digits)");
        }
        Path dir = cacheDir.resolve(version);
        if (Files.isDirectory(dir) && version.equals(RulePackLoader.versionOf(dir))) {
            return dir;
        }
        return fetch(version, dir);
    }

    private Path fetch(String version, Path dir) {
        Map<String, byte[]> published = files.apply(version);
        if (published.isEmpty()) {
            throw new IllegalStateException("the current pack " + version + " has no files in " + where);
        }
        try {
            ownerOnlyDirectory(cacheDir);
            Path staging = Files.createTempDirectory(cacheDir, ".fetch-");
            ownerOnlyDirectory(staging);
            for (Map.Entry<String, byte[]> file : published.entrySet()) {
                if (!RulePackLoader.packFileName(file.getKey())) {
                    delete(staging);
                    throw new IllegalStateException("the pack " + version + " in " + where + " holds '" + file.getKey()
                            + "', not a pack file name (*.drl or a data file, no directories)");
                }
                Files.write(staging.resolve(file.getKey()), file.getValue());
            }
            String hashed = RulePackLoader.versionOf(staging);
            if (!hashed.equals(version)) {
                delete(staging);
                throw new IllegalStateException("the pack published in " + where + " as " + version + " hashes to "
                        + hashed + ": refused");
            }
            delete(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            removeOthers(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the published pack " + version + " in " + cacheDir, e);
        }
    }

    /** Rules run as code: their directory is writable by the service's user alone ({@link RulesDirectoryCheck}). */
    private static void ownerOnlyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private void removeOthers(Path keep) throws IOException {
        try (Stream<Path> dirs = Files.list(cacheDir)) {
            for (Path d : dirs.filter(d -> !d.equals(keep) && VERSION.matcher(d.getFileName().toString()).matches()).toList()) {
                delete(d);
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public String toString() {
        return "the pack published to " + where;
    }
}
