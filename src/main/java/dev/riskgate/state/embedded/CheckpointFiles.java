package dev.riskgate.state.embedded;

import dev.riskgate.state.StateUnavailable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checkpoint files idle keys are read from ({@link Packed#reference}), by generation. Reads are
 * positional ({@code pread}): the file's pages stay in the page cache, not in the process. A file is
 * retired once a newer checkpoint holds everything and every reference points there; a reader that
 * still held an old reference gets {@link Retired} and looks the key up again.
 */
final class CheckpointFiles implements AutoCloseable {

    /** The reference read points at a retired file: read the key's record again. */
    static final class Retired extends RuntimeException {
        Retired() {
            super(null, null, false, false);
        }
    }

    private final ConcurrentHashMap<Long, FileChannel> open = new ConcurrentHashMap<>();

    void open(long generation, Path file) throws IOException {
        FileChannel previous = open.put(generation, FileChannel.open(file, StandardOpenOption.READ));
        if (previous != null) {
            previous.close();
        }
    }

    byte[] read(Packed.Place place) {
        FileChannel channel = open.get(place.generation());
        if (channel == null) {
            throw new Retired();
        }
        ByteBuffer buf = ByteBuffer.allocate(place.length());
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, place.offset() + buf.position()) < 0) {
                    throw new IOException("checkpoint " + place.generation() + " ends before byte " + place.offset()
                            + " + " + place.length());
                }
            }
        } catch (ClosedChannelException retired) {
            throw new Retired();
        } catch (IOException e) {
            throw new StateUnavailable("cannot read state from checkpoint " + place.generation() + ": " + e.getMessage(), e);
        }
        return buf.array();
    }

    /** Closes every file older than {@code generation} (deleted files are gone once closed). */
    void retireBefore(long generation) throws IOException {
        for (Map.Entry<Long, FileChannel> e : open.entrySet()) {
            if (e.getKey() < generation && open.remove(e.getKey(), e.getValue())) {
                e.getValue().close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        retireBefore(Long.MAX_VALUE);
    }
}
