package dev.riskgate.state.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The whole heap in one file, {@code checkpoint-N.bin}: everything in journal segments before N, and
 * perhaps some of N's commits (each entry carries its last commit's sequence number, so replaying N over
 * it changes nothing twice). Written to a temporary file, fsynced and renamed, so a crash mid-checkpoint
 * leaves the previous checkpoint and its journal in place. Ends with a crc32 of everything before it.
 *
 * <p>Version 2 holds each key as a packed record ({@link Packed}: key, lsn, last write, value), the form
 * idle keys have in the heap, so loading is copying bytes, not decoding objects or even keys. Version 1
 * (objects, {@link StateBinary}, written by the first journal store) is still read.
 */
final class Checkpoint {

    static final int VERSION = 2;
    private static final int MAGIC = 0x52474350; // "RGCP"
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
        CRC32 crc = new CRC32();
        try (FileOutputStream file = new FileOutputStream(tmp.toFile())) {
            BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(covered);
            section(out, DECISION, store.decisions, now);
            section(out, ACCOUNT, store.accounts, now);
            section(out, DEVICE, store.devices, now);
            section(out, STORE, store.stores, now);
            out.writeByte(END);
            out.flush();
            new DataOutputStream(buffered).writeInt((int) crc.getValue());
            buffered.flush();
            file.getChannel().force(true);
        }
        Path target = file(dir, covered);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself must be durable before the journal it replaces goes
        }
        Recovery.dropCovered(dir, covered);
        return Files.size(target);
    }

    private static void section(DataOutputStream out, int tag, HeapTable<?> table, long now) throws IOException {
        table.forEachLive(now, record -> {
            out.writeByte(tag);
            out.writeInt(record.length);
            out.write(record);
        });
    }

    /** Loads a checkpoint into the store's heap; returns the highest sequence number it holds. */
    static long read(JournalStateStore store, Path file, StateBinary.Canon canon) throws IOException {
        CRC32 crc = new CRC32();
        long maxLsn = 0;
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a riskgate checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION && version != 1) {
                throw new IOException(file + " has format version " + version + ", this riskgate reads 1 and " + VERSION);
            }
            in.readLong();
            for (int tag = in.readUnsignedByte(); tag != END; tag = in.readUnsignedByte()) {
                HeapTable<?> table = switch (tag) {
                    case DECISION -> store.decisions;
                    case ACCOUNT -> store.accounts;
                    case DEVICE -> store.devices;
                    case STORE -> store.stores;
                    default -> throw new IOException(file + " holds an unknown entry tag " + tag);
                };
                long lsn = version == 1 ? readObjects(in, tag, in.readUTF(), store, canon) : readPacked(in, table, file);
                maxLsn = Math.max(maxLsn, lsn);
            }
            int expected = (int) crc.getValue();
            if (new DataInputStream(buffered).readInt() != expected) {
                throw new IOException(file + " is corrupt (checksum mismatch)");
            }
        }
        return maxLsn;
    }

    private static long readPacked(DataInputStream in, HeapTable<?> table, Path file) throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > (64 << 20)) {
            throw new IOException(file + " is corrupt (an entry of " + length + " bytes)");
        }
        byte[] packed = new byte[length];
        in.readFully(packed);
        return table.putPacked(packed);
    }

    /** Version 1: lsn, last write and the value as objects. */
    private static long readObjects(DataInputStream in, int tag, String key, JournalStateStore store,
                                    StateBinary.Canon canon) throws IOException {
        long lsn = in.readLong();
        long touched = in.readLong();
        switch (tag) {
            case DECISION -> store.decisions.put(key, StateBinary.readRecord(in, canon), lsn, touched);
            case ACCOUNT -> store.accounts.put(key, StateBinary.readAccount(in, canon), lsn, touched);
            case DEVICE -> store.devices.put(key, StateBinary.readLog(in, canon), lsn, touched);
            default -> store.stores.put(key, StateBinary.readLog(in, canon), lsn, touched);
        }
        return lsn;
    }
}
