package dev.riskgate.state.embedded;

import dev.riskgate.files.OwnerOnly;
import dev.riskgate.state.codec.StateForms;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The whole heap in one file, {@code checkpoint-N.bin}: everything in journal segments before N, and
 * perhaps some of N's commits (each entry carries its last commit's sequence number, so replaying N over
 * it changes nothing twice). Written to a temporary file, fsynced and renamed, so a crash mid-checkpoint
 * leaves the previous checkpoint and its journal in place. Ends with a crc32 of everything before it.
 *
 * <p>Each key is a packed record ({@link Packed}: key, lsn, last write, value). Loading one keeps only a
 * reference per key in the heap (key, lsn, last write, place in this file) and reads a value from the file
 * when its key is used; once a checkpoint is durable, the idle keys it holds are pointed at it and older
 * files are closed.
 */
final class Checkpoint {

    /**
     * Version 2 holds packed records, 3 may hold compact decision records ({@link StateForms#RECORD}), 4 frozen
     * accounts ({@link StateForms#ACCOUNT}); 3 and 2 read as they are.
     */
    static final int VERSION = 4;
    /**
     * Version 1 held objects in the layout journal segments then had; only builds of one afternoon wrote it
     * (2026-11-26, 16157b7 until 0b3496e), and every later one rewrote it as 2 or newer at its first
     * checkpoint, at the latest on a clean stop. Its reader went with the one codec.
     */
    static final int OLDEST_READ = 2;
    private static final int MAGIC = 0x52474350; // "RGCP"
    /** Magic, version and the segment covered come before the entries. */
    private static final long HEAD = 16;
    private static final int END = 0;
    private static final int DECISION = 1;
    private static final int ACCOUNT = 2;
    private static final int DEVICE = 3;
    private static final int STORE = 4;

    private Checkpoint() {
    }

    static Path file(Path dir, long covered) {
        return dir.resolve(String.format("checkpoint-%012d.bin", covered));
    }

    /** Writes the checkpoint covering segments before {@code covered}; returns its size in bytes. */
    static long write(JournalStateStore store, Path dir, long covered, long now) throws IOException {
        Path tmp = dir.resolve(String.format("checkpoint-%012d.tmp", covered));
        List<HeapTable<?>.Copy> copies;
        try {
            copies = writeEntries(store, tmp, covered, now);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp); // on a full disk, a partial temporary only takes the room it lacked
            throw e;
        }
        Path target = file(dir, covered);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must be durable before the journal it replaces goes
        }
        // Idle keys now refer to this file; the older ones are closed (readers of a closed one look again).
        store.files.open(covered, target);
        for (HeapTable<?>.Copy copy : copies) {
            copy.repoint(covered);
        }
        store.files.retireBefore(covered);
        Recovery.dropCovered(dir, covered);
        return Files.size(target);
    }

    /** Writes every entry to {@code tmp}, fsynced; returns the copies to point at it once it is in place. */
    private static List<HeapTable<?>.Copy> writeEntries(JournalStateStore store, Path tmp, long covered, long now)
            throws IOException {
        CRC32 crc = new CRC32();
        List<HeapTable<?>.Copy> copies = new ArrayList<>();
        try (FileChannel file = OwnerOnly.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(covered);
            long[] position = {HEAD};
            copies.add(section(out, DECISION, store.decisions, now, position));
            copies.add(section(out, ACCOUNT, store.accounts, now, position));
            copies.add(section(out, DEVICE, store.devices, now, position));
            copies.add(section(out, STORE, store.stores, now, position));
            out.writeByte(END);
            out.flush();
            new DataOutputStream(buffered).writeInt((int) crc.getValue());
            buffered.flush();
            file.force(true);
        }
        return copies;
    }

    private static HeapTable<?>.Copy section(DataOutputStream out, int tag, HeapTable<?> table, long now,
                                             long[] position) throws IOException {
        return table.writeTo(now, record -> {
            out.writeByte(tag);
            out.writeInt(record.length);
            out.write(record);
            long at = position[0] + 5;
            position[0] = at + record.length;
            return at;
        });
    }

    /** Loads a checkpoint into the store's heap; returns the highest sequence number it holds. */
    static long read(JournalStateStore store, Path file) throws IOException {
        CRC32 crc = new CRC32();
        long maxLsn = 0;
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a riskgate checkpoint");
            }
            int version = in.readInt();
            if (version == 1) {
                throw new IOException(file + " is a checkpoint of format version 1, which only riskgate builds of"
                        + " 2026-11-26 wrote; this riskgate reads versions " + OLDEST_READ + " to " + VERSION + "."
                        + " Start riskgate 2e2a270 (2026-12-07) or any version between on this data directory and stop"
                        + " it cleanly: it rewrites the checkpoint as version 4. Then start this version.");
            }
            if (version < OLDEST_READ || version > VERSION) {
                throw new IOException(file + " has format version " + version + ", this riskgate reads "
                        + OLDEST_READ + " to " + VERSION);
            }
            long generation = in.readLong();
            long[] position = {HEAD};
            byte[] scratch = new byte[1024];
            for (int tag = in.readUnsignedByte(); tag != END; tag = in.readUnsignedByte()) {
                HeapTable<?> table = switch (tag) {
                    case DECISION -> store.decisions;
                    case ACCOUNT -> store.accounts;
                    case DEVICE -> store.devices;
                    case STORE -> store.stores;
                    default -> throw new IOException(file + " holds an unknown entry tag " + tag);
                };
                int length = in.readInt();
                if (length <= 0 || length > (64 << 20)) {
                    throw new IOException(file + " is corrupt (an entry of " + length + " bytes)");
                }
                long at = position[0] + 5;
                position[0] = at + length;
                scratch = length > scratch.length ? new byte[Math.max(length, 2 * scratch.length)] : scratch;
                in.readFully(scratch, 0, length);
                // Only the key, its lsn, last write and place stay in the heap; the value is read when used.
                long lsn = table.putPacked(Packed.reference(scratch, length, new Packed.Place(generation, at, length)));
                maxLsn = Math.max(maxLsn, lsn);
            }
            int expected = (int) crc.getValue();
            if (new DataInputStream(buffered).readInt() != expected) {
                throw new IOException(file + " is corrupt (checksum mismatch)");
            }
            store.files.open(generation, file);
        }
        return maxLsn;
    }

    /** Whether the crc32 at the end of {@code file} matches everything before it (reads the file, decodes nothing). */
    static boolean checksumHolds(Path file) throws IOException {
        long size = Files.size(file);
        if (size < HEAD + 5) {
            return false;
        }
        CRC32 crc = new CRC32();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] buf = new byte[1 << 16];
            for (long left = size - 4; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return false;
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            return in.readInt() == (int) crc.getValue();
        }
    }
}
