package dev.riskgate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process per data directory: two riskgates (or a riskgate and an import) writing one store and
 * one decision log would each believe its own history. The OS releases the lock when the process dies, even on kill -9.
 */
public final class DataDirLock implements AutoCloseable {

    static final String FILE = "riskgate.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirLock acquire(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartupFailure("cannot create the data directory " + dataDir + " (" + e.getMessage()
                    + "); set RISKGATE_DATA_DIR to a writable directory");
        }
        Path file = dataDir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupFailure("cannot open " + file + " (" + e + "); set RISKGATE_DATA_DIR to a writable directory");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the refusal below is what matters
            }
            throw new StartupFailure("the data directory " + dataDir + " is in use by another riskgate process; stop it or "
                    + "set RISKGATE_DATA_DIR to another directory");
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    @Override
    public String toString() {
        return "data directory lock";
    }
}
