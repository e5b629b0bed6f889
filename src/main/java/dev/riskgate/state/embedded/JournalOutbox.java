package dev.riskgate.state.embedded;

import dev.riskgate.files.OwnerOnly;
import dev.riskgate.state.Outbox;
import dev.riskgate.state.OutboxEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded store's outbox. An alert reaches it in the same journal frame as its decision, so it is
 * as durable as the decision; folding the frame (when the commit is applied, and again when a restart
 * replays the journal) appends it to {@code outbox.log} beside the journal, where it outlives the journal
 * segments a checkpoint drops: the file is forced to disk before a checkpoint covers them. Done entries
 * are appended as such; a restart reads the file and then the journal tail, and an alert already done is
 * not queued again. One process owns the directory, so a claim needs no lease beyond its due time. A
 * retry's time is written too, so a restart keeps each entry's backoff (only one claimed when the process
 * died is due at once: at least once).
 *
 * <p>The file does not grow for ever: after a checkpoint drops journal segments, {@link #compact} rewrites
 * it with the pending entries, the dead letters (an operator may queue them again) and the ids of done
 * alerts whose frames are still in the journal (a replay must not queue them again); delivered alerts of
 * the dropped segments are forgotten, in the file and in memory.
 */
final class JournalOutbox implements Outbox {

    static final String FILE = "outbox.log";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Clock clock;
    private final Path path;
    private FileChannel file;
    private final Map<String, Waiting> pending = new LinkedHashMap<>();
    /** Delivered alerts whose frames may still be replayed. */
    private final Set<String> done = new HashSet<>();
    /** Given up (dead letters), kept with their data until an operator queues them again. */
    private final Map<String, Waiting> dead = new LinkedHashMap<>();

    private record Waiting(OutboxEntry entry, long committedAt, long dueAt) {
    }

    private JournalOutbox(Clock clock, Path path, FileChannel file) {
        this.clock = clock;
        this.path = path;
        this.file = file;
    }

    static JournalOutbox open(Path dir, Clock clock) throws IOException {
        Path path = dir.resolve(FILE);
        FileChannel file = OwnerOnly.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        JournalOutbox outbox = new JournalOutbox(clock, path, file);
        String text = Files.readString(path, StandardCharsets.US_ASCII);
        // A line is whole once its newline is written: a process killed mid-line leaves a torn tail, cut
        // here so the next line starts clean. Its commit is in the journal, replayed after this file.
        int whole = text.lastIndexOf('\n') + 1;
        file.truncate(whole);
        file.position(whole);
        for (String line : text.substring(0, whole).split("\n")) {
            if (!line.isEmpty()) {
                outbox.read(line);
            }
        }
        return outbox;
    }

    /**
     * A line per change, fields base64: {@code A <at> <alertId> <eventId> <data>} queued, {@code D <alertId>}
     * done, {@code R <at> <alertId> <eventId> <data>} queued again by an operator, {@code T <dueAt> <alertId>}
     * to be tried again at {@code dueAt}, {@code X <alertId>} given up (a dead letter).
     */
    private void read(String line) {
        String[] f = line.split(" ");
        if (f[0].equals("R") && f.length == 5) {
            OutboxEntry e = new OutboxEntry(text(f[2]), text(f[3]), text(f[4]));
            done.remove(e.alertId());
            dead.remove(e.alertId());
            long at = Long.parseLong(f[1]);
            pending.put(e.alertId(), new Waiting(e, at, at));
        } else if (f[0].equals("A") && f.length == 5) {
            OutboxEntry e = new OutboxEntry(text(f[2]), text(f[3]), text(f[4]));
            if (!done.contains(e.alertId()) && !dead.containsKey(e.alertId())) {
                long at = Long.parseLong(f[1]);
                pending.put(e.alertId(), new Waiting(e, at, at));
            }
        } else if (f[0].equals("T") && f.length == 3) {
            long dueAt = Long.parseLong(f[1]);
            pending.computeIfPresent(text(f[2]), (id, w) -> new Waiting(w.entry(), w.committedAt(), dueAt));
        } else if (f[0].equals("D") && f.length == 2) {
            String id = text(f[1]);
            done.add(id);
            pending.remove(id);
        } else if (f[0].equals("X") && f.length == 2) {
            String id = text(f[1]);
            Waiting w = pending.remove(id);
            if (w != null) {
                dead.put(id, w);
            }
        } else {
            throw new IllegalStateException("the alert outbox has a line it cannot read: " + line);
        }
    }

    /** Queues a committed decision's alerts; one already queued or done is left as it is. */
    synchronized void add(List<OutboxEntry> entries, long committedAt) {
        StringBuilder lines = new StringBuilder();
        for (OutboxEntry e : entries) {
            if (done.contains(e.alertId()) || dead.containsKey(e.alertId()) || pending.containsKey(e.alertId())) {
                continue;
            }
            Waiting w = new Waiting(e, committedAt, committedAt);
            pending.put(e.alertId(), w);
            queued(lines, w);
        }
        write(lines);
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(int max, Duration lease) {
        long now = clock.millis();
        List<OutboxEntry> out = new ArrayList<>();
        for (Map.Entry<String, Waiting> w : pending.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            if (w.getValue().dueAt() <= now) {
                w.setValue(new Waiting(w.getValue().entry(), w.getValue().committedAt(), now + lease.toMillis()));
                out.add(w.getValue().entry());
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<OutboxEntry> claim(String alertId, String eventId, Duration lease) {
        Waiting w = pending.get(alertId);
        long now = clock.millis();
        if (w == null || w.dueAt() > now) {
            return Optional.empty();
        }
        pending.put(alertId, new Waiting(w.entry(), w.committedAt(), now + lease.toMillis()));
        return Optional.of(w.entry());
    }

    @Override
    public synchronized void done(OutboxEntry entry, boolean delivered) {
        Waiting w = pending.remove(entry.alertId());
        if (w != null) {
            if (delivered) {
                done.add(entry.alertId());
            } else {
                dead.put(entry.alertId(), w);
            }
            write(new StringBuilder(delivered ? "D " : "X ").append(b64(entry.alertId())).append('\n'));
        }
    }

    @Override
    public synchronized void retryAt(OutboxEntry entry, Instant when) {
        if (pending.computeIfPresent(entry.alertId(), (id, w) -> new Waiting(w.entry(), w.committedAt(),
                when.toEpochMilli())) != null) {
            write(new StringBuilder("T ").append(when.toEpochMilli()).append(' ').append(b64(entry.alertId())).append('\n'));
        }
    }

    /** The entry as first queued, read back from the file (a done entry is no longer held in memory). */
    @Override
    public synchronized boolean requeue(String alertId, String eventId) {
        long now = clock.millis();
        Waiting w = pending.get(alertId);
        if (w != null) {
            pending.put(alertId, new Waiting(w.entry(), w.committedAt(), now));
            return true;
        }
        OutboxEntry found = null;
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                String[] f = line.split(" ");
                if ((f[0].equals("A") || f[0].equals("R")) && f.length == 5 && text(f[2]).equals(alertId)) {
                    found = new OutboxEntry(alertId, text(f[3]), text(f[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alert outbox: " + e.getMessage(), e);
        }
        if (found == null) {
            return false;
        }
        done.remove(alertId);
        dead.remove(alertId);
        pending.put(alertId, new Waiting(found, now, now));
        write(new StringBuilder("R ").append(now).append(' ').append(b64(found.alertId())).append(' ')
                .append(b64(found.eventId())).append(' ').append(b64(found.data())).append('\n'));
        return true;
    }

    @Override
    public synchronized Backlog backlog() {
        Optional<Instant> oldest = pending.values().stream().mapToLong(Waiting::committedAt).min().stream()
                .mapToObj(Instant::ofEpochMilli).findFirst();
        return new Backlog(pending.size(), oldest);
    }

    /**
     * Every alert known now. Taken while commits wait for a checkpoint's segment switch, when every frame
     * of the segments the checkpoint drops has been folded: what {@link #compact} may forget.
     */
    synchronized Set<String> known() {
        Set<String> known = new HashSet<>(done);
        known.addAll(pending.keySet());
        known.addAll(dead.keySet());
        return known;
    }

    /**
     * Once a checkpoint has dropped the segments folded before {@code covered} was taken ({@link #known}):
     * rewrites the file with what is pending, the dead letters and the delivered alerts not in
     * {@code covered}, whose frames a restart still replays. Written aside, forced and renamed over the file,
     * so a crash leaves the old file or the new one, never half of it.
     */
    synchronized void compact(Set<String> covered) throws IOException {
        done.removeIf(covered::contains);
        StringBuilder lines = new StringBuilder();
        for (Waiting w : pending.values()) {
            queued(lines, w);
            if (w.dueAt() != w.committedAt()) {
                lines.append("T ").append(w.dueAt()).append(' ').append(b64(w.entry().alertId())).append('\n');
            }
        }
        for (Waiting w : dead.values()) {
            queued(lines, w);
            lines.append("X ").append(b64(w.entry().alertId())).append('\n');
        }
        for (String id : done) {
            lines.append("D ").append(b64(id)).append('\n');
        }
        Path next = path.resolveSibling(FILE + ".tmp");
        try (FileChannel out = OwnerOnly.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        }
        // Nothing is written meanwhile (this holds the outbox's lock): the old channel is done with once moved.
        Files.move(next, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        file.close();
        file = OwnerOnly.open(path, StandardOpenOption.WRITE);
        file.position(file.size());
        try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void queued(StringBuilder lines, Waiting w) {
        OutboxEntry e = w.entry();
        lines.append("A ").append(w.committedAt()).append(' ').append(b64(e.alertId())).append(' ')
                .append(b64(e.eventId())).append(' ').append(b64(e.data())).append('\n');
    }

    /** Before a checkpoint drops the journal that holds these alerts too. */
    synchronized void force() throws IOException {
        file.force(false);
    }

    synchronized void close() throws IOException {
        file.close();
    }

    private void write(StringBuilder lines) {
        if (lines.isEmpty()) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
        try {
            while (bytes.hasRemaining()) {
                file.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the alert outbox: " + e.getMessage(), e);
        }
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String b64) {
        return new String(B64D.decode(b64), StandardCharsets.UTF_8);
    }
}
