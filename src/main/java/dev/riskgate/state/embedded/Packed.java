package dev.riskgate.state.embedded;

import dev.riskgate.state.codec.Form;
import dev.riskgate.state.codec.StateForms;
import dev.riskgate.state.codec.StateIn;
import dev.riskgate.state.codec.StateOut;

/**
 * The packed form of one key and its folded value, a record: {@code [key][lsn][last write, ms][value]},
 * the value in its {@link StateForms} form. A key not used for a while is held in the heap in this form (an
 * account with one event takes about 100 bytes instead of about 500 as objects), and a checkpoint is these
 * bytes, so a restart loads them without decoding. A change to the layout here needs a new
 * {@link Checkpoint} version.
 */
final class Packed {

    /** Whether a record (not a reference) of {@link StateForms#RECORD} holds a compact decision record, without decoding it. */
    static boolean compactRecord(byte[] record) {
        StateIn in = new StateIn(record);
        in.skipText();
        in.varLong();
        in.varLong();
        return StateForms.compactRecordAt(in);
    }

    private Packed() {
    }

    /** A record: {@code [key][lsn][last write, ms][value]}. */
    static <T> byte[] pack(Form<T> form, String key, T value, long lsn, long touched) {
        if (lsn < 1) {
            throw new IllegalArgumentException("a record's lsn must be at least 1 (0 marks a reference), was " + lsn);
        }
        StateOut out = new StateOut();
        out.text(key);
        out.varLong(lsn);
        out.varLong(touched);
        out.base(Math.floorDiv(touched, 1000));
        form.write(out, value);
        return out.toBytes();
    }

    /** Where a record sits in a checkpoint file: its generation (the segment it covers up to), offset, length. */
    record Place(long generation, long offset, int length) {
    }

    /**
     * A reference to a record (or where a reference points now) in a checkpoint file:
     * {@code [key][0][lsn][last write, ms][place]}. An
     * idle key costs this much of the heap (about 45 bytes) and is read from the file when it is used.
     * A commit's lsn is never 0, which tells the two kinds apart.
     */
    static byte[] reference(byte[] record, int length, Place place) {
        StateIn in = new StateIn(record, length);
        in.skipText();
        int keyLength = in.position();
        long lsn = in.varLong();
        if (lsn == 0) { // a reference moving to a newer checkpoint
            lsn = in.varLong();
        }
        long touched = in.varLong();
        StateOut out = new StateOut(keyLength + 32);
        out.raw(record, keyLength);
        out.varLong(0);
        out.varLong(lsn);
        out.varLong(touched);
        out.varLong(place.generation());
        out.varLong(place.offset());
        out.varLong(place.length());
        return out.toBytes();
    }

    /** The place a reference points at, or null for a record that holds its value. */
    static Place place(byte[] record) {
        StateIn in = new StateIn(record);
        in.skipText();
        if (in.varLong() != 0) {
            return null;
        }
        in.varLong();
        in.varLong();
        return new Place(in.varLong(), in.varLong(), in.varInt());
    }

    static <T> HeapTable.Entry<T> unpack(Form<T> form, byte[] record) {
        StateIn in = new StateIn(record);
        String key = in.text();
        long lsn = in.varLong();
        if (lsn == 0) {
            throw new IllegalStateException("a reference must be read from its checkpoint before it is unpacked");
        }
        long touched = in.varLong();
        in.base(Math.floorDiv(touched, 1000));
        T value = form.read(in.keyed(key));
        if (!in.atEnd()) {
            throw new IllegalStateException("packed value has bytes past its end");
        }
        return new HeapTable.Entry<>(value, lsn, touched);
    }

    /** A key as records begin with it ({@link StateOut#text}), to look one up. */
    static byte[] keyBytes(String key) {
        StateOut out = new StateOut(key.length() + 4);
        out.text(key);
        return out.toBytes();
    }

    static String key(byte[] record) {
        return new StateIn(record).text();
    }

    /** How many bytes of the record its key takes. */
    static int keyLength(byte[] record) {
        StateIn in = new StateIn(record);
        in.skipText();
        return in.position();
    }

    static long lsn(byte[] record) {
        StateIn in = new StateIn(record);
        in.skipText();
        long lsn = in.varLong();
        return lsn == 0 ? in.varLong() : lsn;
    }

    static long touched(byte[] record) {
        StateIn in = new StateIn(record);
        in.skipText();
        if (in.varLong() == 0) {
            in.varLong();
        }
        return in.varLong();
    }
}
