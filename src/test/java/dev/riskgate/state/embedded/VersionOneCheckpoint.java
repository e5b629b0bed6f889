package dev.riskgate.state.embedded;

import dev.riskgate.state.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/** A checkpoint as the first journal store wrote it (values as objects, {@link StateBinary}), for one snapshot. */
final class VersionOneCheckpoint {

    private VersionOneCheckpoint() {
    }

    static byte[] of(Snapshot s, String eventId, String account, String device, String shop, long touched)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x52474350);
        out.writeInt(1);
        out.writeLong(1);
        long lsn = 2;
        head(out, 1, eventId, lsn, touched);
        StateBinary.writeRecord(out, s.decision().orElseThrow());
        head(out, 2, account, lsn, touched);
        StateBinary.writeAccount(out, s.account());
        head(out, 3, device, lsn, touched);
        StateBinary.writeLog(out, s.device());
        head(out, 4, shop, lsn, touched);
        StateBinary.writeLog(out, s.store());
        out.writeByte(0);
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }

    private static void head(DataOutputStream out, int tag, String key, long lsn, long touched) throws IOException {
        out.writeByte(tag);
        out.writeUTF(key);
        out.writeLong(lsn);
        out.writeLong(touched);
    }
}
