package dev.riskgate.state.codec;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.state.DecisionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision record split in two for its two windows ({@code AnswerWindows}): the compact record, kept for
 * the feedback window, and the answer it leaves out, kept for the idempotency window (Redis keeps the two
 * apart). Fixed-width fields, as every store has written them since compact records began (journal segment
 * 2, checkpoint 3, Redis {@code r} and {@code w}); Redis compares a stored compact record with these bytes to
 * detect a concurrent feedback, so they cannot change without a new Redis value format.
 */
public final class CompactRecords {

    private CompactRecords() {
    }

    /**
     * A {@link DecisionRecord#compact() compact record}, without its event id (the caller's key holds
     * it), in as few bytes as it takes, since one is kept per event for the whole feedback window: a
     * flags byte (verdict, feedback count, whether a store and a hex request hash follow), the feedback
     * outcomes two bits each, the decision second, the request hash (8 bytes when hex), then the account,
     * device and store ids. Verdicts and outcomes are written as fixed codes ({@link #code}), never by
     * ordinal, so reordering an enum cannot change what a stored record reads as.
     */
    public static void write(StateOut out, DecisionRecord r) {
        if (r.answerKept()) {
            throw new IllegalArgumentException("only a compact record is written compact: call compact() first");
        }
        List<FeedbackOutcome> feedback = r.feedback();
        if (feedback.size() > 4) {
            throw new IllegalArgumentException("a record holds each of the 4 outcomes at most once, had " + feedback);
        }
        boolean hexHash = lowerHex(r.requestHash(), DecisionRecord.COMPACT_HASH_CHARS);
        out.u8(code(r.answer().decision()) | feedback.size() << 2 | (r.storeId() != null ? 0x20 : 0)
                | (hexHash ? 0x40 : 0));
        if (!feedback.isEmpty()) {
            int codes = 0;
            for (int i = 0; i < feedback.size(); i++) {
                codes |= code(feedback.get(i)) << (2 * i);
            }
            out.u8(codes);
        }
        out.int32((int) r.decidedAt().getEpochSecond());
        if (hexHash) {
            out.int64(Long.parseUnsignedLong(r.requestHash(), 16));
        } else {
            out.utf(r.requestHash());
        }
        writeId(out, r.accountId());
        writeId(out, r.deviceId());
        if (r.storeId() != null) {
            writeId(out, r.storeId());
        }
    }

    public static DecisionRecord read(StateIn in, String eventId) {
        int flags = in.u8();
        Verdict verdict = verdict(flags & 3);
        int n = (flags >>> 2) & 7;
        List<FeedbackOutcome> feedback = new ArrayList<>(n);
        int codes = n == 0 ? 0 : in.u8();
        for (int i = 0; i < n; i++) {
            feedback.add(outcome((codes >>> (2 * i)) & 3));
        }
        Instant decidedAt = Instant.ofEpochSecond(Integer.toUnsignedLong(in.int32()));
        String hash = (flags & 0x40) != 0 ? String.format("%016x", in.int64()) : in.utf();
        String account = readId(in);
        String device = readId(in);
        String store = (flags & 0x20) != 0 ? readId(in) : null;
        return new DecisionRecord(new Decision(eventId, verdict, 0, List.of(), ""), hash, account, device, store,
                decidedAt, feedback, false);
    }

    /**
     * What a {@link DecisionRecord#compact() compact record} leaves out of a whole one: score, whole request
     * hash (16 bytes when hex), the decision time's nanoseconds, the pack version and the reasons. Fixed-width
     * fields, as Redis has kept them since compact records began.
     */
    public static void writeAnswer(StateOut out, DecisionRecord record) {
        Decision d = record.answer();
        boolean hex = lowerHex(record.requestHash(), 32);
        out.u8(d.score() | (hex ? 0x80 : 0));
        if (hex) {
            byte[] hash = java.util.HexFormat.of().parseHex(record.requestHash());
            out.raw(hash, hash.length);
        } else {
            out.utf(record.requestHash());
        }
        out.int32(record.decidedAt().getNano());
        out.utf(d.rulesVersion());
        out.u16(d.reasons().size());
        for (Reason reason : d.reasons()) {
            out.utf(reason.rule());
            out.int32(reason.points());
            out.utf(reason.message());
        }
    }

    /** The whole record: {@code compact} with what {@link #writeAnswer} kept. */
    public static DecisionRecord readAnswer(StateIn in, DecisionRecord compact) {
        int first = in.u8();
        String hash = (first & 0x80) != 0 ? java.util.HexFormat.of().formatHex(in.bytes(16)) : in.utf();
        Instant decidedAt = compact.decidedAt().plusNanos(in.int32());
        String version = in.utf();
        int n = in.u16();
        List<Reason> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reasons.add(new Reason(in.utf(), in.int32(), in.utf()));
        }
        return new DecisionRecord(new Decision(compact.eventId(), compact.answer().decision(), first & 0x7F, reasons,
                version), hash, compact.accountId(), compact.deviceId(), compact.storeId(), decidedAt,
                compact.feedback(), true);
    }

    /**
     * Whether {@code s} is {@code length} lowercase hex digits, as {@code RequestHash} writes them (then it
     * is stored as bytes, half the size; anything else as text).
     */
    private static boolean lowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** An id up to 254 UTF-8 bytes after a one-byte length (ids are at most 128 characters); longer, after 255. */
    private static void writeId(StateOut out, String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // A lone surrogate (valid in a JSON string) does not survive UTF-8: such an id takes utf()'s form.
        if (utf8.length < 255 && StateOut.wellFormed(s)) {
            out.u8(utf8.length);
            out.raw(utf8, utf8.length);
        } else {
            out.u8(255);
            out.utf(s);
        }
    }

    private static String readId(StateIn in) {
        int n = in.u8();
        return n == 255 ? in.utf() : in.shared(new String(in.bytes(n), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static int code(Verdict v) {
        return switch (v) {
            case ALLOW -> 0;
            case STEP_UP -> 1;
            case BLOCK -> 2;
        };
    }

    private static Verdict verdict(int code) {
        return switch (code) {
            case 0 -> Verdict.ALLOW;
            case 1 -> Verdict.STEP_UP;
            case 2 -> Verdict.BLOCK;
            default -> throw new IllegalStateException("unknown verdict code " + code);
        };
    }

    private static int code(FeedbackOutcome f) {
        return switch (f) {
            case STEP_UP_PASSED -> 0;
            case STEP_UP_FAILED -> 1;
            case FRAUD -> 2;
            case LEGIT -> 3;
        };
    }

    private static FeedbackOutcome outcome(int code) {
        return switch (code) {
            case 0 -> FeedbackOutcome.STEP_UP_PASSED;
            case 1 -> FeedbackOutcome.STEP_UP_FAILED;
            case 2 -> FeedbackOutcome.FRAUD;
            default -> FeedbackOutcome.LEGIT;
        };
    }
}
