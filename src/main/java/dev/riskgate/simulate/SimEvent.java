package dev.riskgate.simulate;

import dev.riskgate.scoring.EventType;
import dev.riskgate.scoring.LineItem;
import dev.riskgate.scoring.ScoreRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One simulated wallet event at an epoch second, with the campaign that made it (null for a customer's
 * own). It becomes a {@link ScoreRequest} once the stream gives it an id.
 */
public record SimEvent(long at, EventType type, String accountId, String deviceId, long amount, String storeId,
                       List<LineItem> items, String fundingSource, String ip, CampaignKind campaign) {

    static SimEvent charge(long at, String accountId, String deviceId, long amount, String fundingSource, String ip,
                           CampaignKind campaign) {
        return new SimEvent(at, EventType.CHARGE, accountId, deviceId, amount, null, List.of(), fundingSource, ip, campaign);
    }

    static SimEvent purchase(long at, String accountId, String deviceId, String storeId, List<LineItem> items,
                             CampaignKind campaign) {
        return new SimEvent(at, EventType.PURCHASE, accountId, deviceId, Goods.total(items), storeId, items, null, null, campaign);
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
