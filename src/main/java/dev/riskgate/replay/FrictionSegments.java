package dev.riskgate.replay;

import dev.riskgate.event.EventType;
import dev.riskgate.event.ScoreRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer segments friction is reported for (issue 14), judged from the event stream as the gateway
 * saw it, never from the pack: owners (on a device the account has used for a week, at a store it used
 * before; top-ups on such a device) by amount band; a new phone's first week; and, from what the
 * simulation knows ({@link Labels.Label#traits()}, the segment column), gift-card and electronics
 * purchases, trips, night workers and pack smokers. Events are fed in time order, history first.
 */
final class FrictionSegments {

    static final String NEW_PHONE = "a new phone's first week";
    /** The report's rows, in order. */
    static final List<String> ORDER = List.of(
            "owners: purchase under ¥20,000", "owners: purchase ¥20,000-60,000", "owners: purchase ¥60,000-100,000",
            "owners: purchase ¥100,000 and over", "owners: top-up under ¥20,000", "owners: top-up ¥20,000-60,000",
            "owners: top-up ¥60,000-100,000", "owners: top-up ¥100,000 and over", "gift-card purchases",
            "electronics purchases", NEW_PHONE, "trips (stores far from home and work)", "night workers",
            "pack smokers");

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);

    private final Map<String, Map<String, Instant>> devices = new HashMap<>();
    private final Map<String, Set<String>> stores = new HashMap<>();
    private final Map<String, Instant> accountStart = new HashMap<>();

    /** Remembers an event (history, or one already tagged). */
    void record(ScoreRequest req) {
        Instant at = req.occurredAt().toInstant();
        devices.computeIfAbsent(req.accountId(), a -> new HashMap<>()).merge(req.deviceId(), at, (a, b) -> a.isBefore(b) ? a : b);
        accountStart.merge(req.accountId(), at, (a, b) -> a.isBefore(b) ? a : b);
        if (req.storeId() != null) {
            stores.computeIfAbsent(req.accountId(), a -> new HashSet<>()).add(req.storeId());
        }
    }

    /** The segments a legitimate event belongs to, judged on what came before it; then remembers it. */
    List<String> of(ScoreRequest req, Labels.Label label) {
        List<String> segments = new ArrayList<>(2);
        Instant at = req.occurredAt().toInstant();
        Instant deviceFirst = devices.getOrDefault(req.accountId(), Map.of()).get(req.deviceId());
        boolean charge = req.type() == EventType.CHARGE;
        boolean knownStore = charge || stores.getOrDefault(req.accountId(), Set.of()).contains(req.storeId());
        if (deviceFirst != null && !deviceFirst.plus(WEEK).isAfter(at) && knownStore) {
            segments.add("owners: " + (charge ? "top-up " : "purchase ") + band(req.amount().doubleValue()));
        }
        Instant start = accountStart.get(req.accountId());
        Instant since = deviceFirst == null ? at : deviceFirst;
        if (start != null && start.plus(DAY).isBefore(since) && since.plus(WEEK).isAfter(at)) {
            segments.add(NEW_PHONE);
        }
        if (label.has("gift-card")) {
            segments.add("gift-card purchases");
        }
        if (label.has("electronics")) {
            segments.add("electronics purchases");
        }
        if (label.has("trip")) {
            segments.add("trips (stores far from home and work)");
        }
        if (label.has("night")) {
            segments.add("night workers");
        }
        if (CellMetrics.REGULAR_SMOKER.equals(label.segment())) {
            segments.add("pack smokers");
        }
        record(req);
        return segments;
    }

    /** An owners' band under the ceiling, where the targets are 0 blocked and at most 2% stepped up. */
    static boolean isOwnerBelowCeiling(String segment) {
        return segment.startsWith("owners: ") && !segment.endsWith("¥100,000 and over");
    }

    private static String band(double amount) {
        return amount < 20_000 ? "under ¥20,000" : amount < 60_000 ? "¥20,000-60,000"
                : amount < 100_000 ? "¥60,000-100,000" : "¥100,000 and over";
    }
}
