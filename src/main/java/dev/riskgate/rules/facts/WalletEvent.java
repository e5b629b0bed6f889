package dev.riskgate.rules.facts;

import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import java.util.List;

/**
 * The charge or purchase being scored: every field of the request, as rules read them. {@code type} is
 * {@link EventKind#CHARGE} or {@link EventKind#PURCHASE}; {@code storeId}, {@code fundingSource} and {@code ip} may be null, {@code items}
 * empty. {@code localHour} (0-23) is the hour of {@code occurredAt} in the offset the gateway sent, i.e.
 * the customer's wall clock.
 */
public record WalletEvent(
        String eventId,
        EventKind type,
        String accountId,
        String deviceId,
        String storeId,
        double amount,
        String currency,
        String fundingSource,
        String ip,
        List<LineItem> items,
        int localHour) {

    public WalletEvent {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The one mapping from a request to the rules' view of it: a request field the rules can see is added here. */
    public static WalletEvent of(ScoreRequest req) {
        return new WalletEvent(req.eventId(), EventKind.valueOf(req.type().name()), req.accountId(), req.deviceId(), req.storeId(),
                req.amount().doubleValue(), req.currency(), req.fundingSource(), req.ip(), req.items(),
                req.occurredAt().getHour());
    }
}
