package dev.riskgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A disk that really fills up: a tmpfs of a few megabytes mounted for a test (so the suite runs as root,
 * as scripts/test.sh does), filled with one file until it refuses another byte, and freed again.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path root;

    private SmallDisk(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs of {@code size} (as mount's option, e.g. {@code 2m}) on a new directory {@code at}. */
    public static SmallDisk mount(Path at, String size) throws IOException, InterruptedException {
        Files.createDirectories(at);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mounting a tmpfs needs root (scripts/test.sh runs the suite so): " + said).isZero();
        return new SmallDisk(at);
    }

    public Path root() {
        return root;
    }

    /** Writes one file until the disk refuses another byte. */
    public void fill() throws IOException {
        try (OutputStream out = Files.newOutputStream(filler())) {
            for (int chunk = 1 << 16; chunk > 0; chunk /= 2) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        out.write(bytes);
                    }
                } catch (IOException full) {
                    // this chunk no longer fits: try a smaller one
                }
            }
        }
    }

    /** Deletes what {@link #fill} wrote. */
    public void free() throws IOException {
        Files.deleteIfExists(filler());
    }

    private Path filler() {
        return root.resolve("filler");
    }

    /** Unmounts lazily, so that a test that failed with files still open never leaves the mount behind. */
    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", "--lazy", root.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
}
