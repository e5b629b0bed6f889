package dev.riskgate.simulate;

import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One simulated wallet event at an epoch second, with the campaign that made it (null for a customer's
 * own) and the account owner's segment. It becomes a {@link ScoreRequest} once the stream gives it an id.
 * A purchase's items are as the store's till sent them.
 */
public record SimEvent(long at, EventType type, String accountId, String deviceId, long amount, String storeId,
                       List<LineItem> items, String fundingSource, String ip, CampaignKind campaign, Segment segment) {

    static SimEvent charge(long at, Customer owner, String deviceId, long amount, String fundingSource, String ip,
                           CampaignKind campaign) {
        return new SimEvent(at, EventType.CHARGE, owner.accountId(), deviceId, amount, null, List.of(), fundingSource,
                ip, campaign, owner.segment());
    }

    static SimEvent purchase(long at, Customer owner, String deviceId, Store store, List<LineItem> items,
                             CampaignKind campaign) {
        return new SimEvent(at, EventType.PURCHASE, owner.accountId(), deviceId, Goods.total(items), store.id(),
                Tills.ring(store, items), null, null, campaign, owner.segment());
    }

    public boolean fraud() {
        return campaign != null;
    }

    public ScoreRequest toRequest(String eventId) {
        return new ScoreRequest(eventId, type, accountId, deviceId,
                Instant.ofEpochSecond(at).atOffset(SimulationSettings.JST), BigDecimal.valueOf(amount), "JPY",
                storeId, items, fundingSource, ip);
    }
}
