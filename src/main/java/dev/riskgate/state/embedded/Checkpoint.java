package dev.riskgate.state.embedded;

import dev.riskgate.state.AccountState;
import dev.riskgate.state.DecisionRecord;
import dev.riskgate.state.EventLog;
import dev.riskgate.state.Retention;
import dev.riskgate.state.embedded.JournalStateStore.Entry;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The whole heap in one file, {@code checkpoint-N.bin}: everything in journal segments before N, and
 * perhaps some of N's commits (each entry carries its last commit's sequence number, so replaying N over
 * it changes nothing twice). Written to a temporary file, fsynced and renamed, so a crash mid-checkpoint
 * leaves the previous checkpoint and its journal in place. Ends with a crc32 of everything before it.
 */
final class Checkpoint {

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
            out.writeInt(StateBinary.VERSION);
            out.writeLong(covered);
            section(out, DECISION, store.decisions, Retention.DECISIONS, now, StateBinary::writeRecord);
            section(out, ACCOUNT, store.accounts, Retention.PROFILE, now, StateBinary::writeAccount);
            section(out, DEVICE, store.devices, Retention.EVENTS, now, StateBinary::writeLog);
            section(out, STORE, store.stores, Retention.EVENTS, now, StateBinary::writeLog);
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

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private static <T> void section(DataOutputStream out, int tag, ConcurrentHashMap<String, Entry<T>> map,
                                    Duration retention, long now, Writer<T> writer) throws IOException {
        for (Map.Entry<String, Entry<T>> e : map.entrySet()) {
            Entry<T> entry = e.getValue();
            if (JournalStateStore.expired(entry, retention, now)) {
                continue;
            }
            out.writeByte(tag);
            out.writeUTF(e.getKey());
            out.writeLong(entry.lsn());
            out.writeLong(entry.touched());
            writer.write(out, entry.value());
        }
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
            if (version != StateBinary.VERSION) {
                throw new IOException(file + " has format version " + version + ", this riskgate reads " + StateBinary.VERSION);
            }
            in.readLong();
            for (int tag = in.readUnsignedByte(); tag != END; tag = in.readUnsignedByte()) {
                String key = canon.string(in.readUTF());
                long lsn = in.readLong();
                long touched = in.readLong();
                maxLsn = Math.max(maxLsn, lsn);
                switch (tag) {
                    case DECISION -> store.decisions.put(key, new Entry<DecisionRecord>(StateBinary.readRecord(in, canon), lsn, touched));
                    case ACCOUNT -> store.accounts.put(key, new Entry<AccountState>(StateBinary.readAccount(in, canon), lsn, touched));
                    case DEVICE -> store.devices.put(key, new Entry<EventLog>(StateBinary.readLog(in, canon), lsn, touched));
                    case STORE -> store.stores.put(key, new Entry<EventLog>(StateBinary.readLog(in, canon), lsn, touched));
                    default -> throw new IOException(file + " holds an unknown entry tag " + tag);
                }
            }
            int expected = (int) crc.getValue();
            if (new DataInputStream(buffered).readInt() != expected) {
                throw new IOException(file + " is corrupt (checksum mismatch)");
            }
        }
        return maxLsn;
    }
}
