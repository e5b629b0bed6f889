package dev.riskgate.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files and directories only the service's user can read (the decision log, the state journal): created
 * with the mode set (no window in which the umask's 0644 applies), and tightened when they already exist
 * from an older riskgate.
 */
public final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code dir} (and its missing parents, with the umask's mode) 0700, or tightens it to 0700. */
    public static void createDirectory(Path dir) throws IOException {
        if (!POSIX) {
            Files.createDirectories(dir);
            return;
        }
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
        }
        Files.setPosixFilePermissions(dir, DIR);
    }

    /** Opens {@code file} for appending, created 0600 if missing and tightened to 0600 if not. */
    public static FileChannel openForAppend(Path file) throws IOException {
        return open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Opens {@code file} with {@code options}; a file it creates is 0600 from the start, one it finds is tightened. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = Set.of(options);
        if (!POSIX) {
            return FileChannel.open(file, set);
        }
        FileChannel channel = FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(FILE));
        Files.setPosixFilePermissions(file, FILE);
        return channel;
    }

    /** Tightens every regular file directly in {@code dir} to 0600 (files an older riskgate left readable). */
    public static void tightenFiles(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (!FILE.containsAll(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS))) {
                    Files.setPosixFilePermissions(f, FILE);
                }
            }
        }
    }
}
