package dev.riskgate.simulate;

import dev.riskgate.event.EventType;
import dev.riskgate.event.LineItem;
import dev.riskgate.event.ScoreRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * One simulated wallet event at an epoch second, with the campaign that made it (null for a customer's
 * own) and the account owner's segment. It becomes a {@link ScoreRequest} once the stream gives it an id.
 * A purchase's items are as the store's till sent them. {@code traits} are what the simulation knows and
 * the gateway does not, for friction by segment: "night" (the owner lives at night), "trip" (a store
 * outside the owner's home and work prefectures), "gift-card" and "electronics" (in the basket as the
 * shelf named it), separated by ';'.
 */
public record SimEvent(long at, EventType type, String accountId, String deviceId, long amount, String storeId,
                       List<LineItem> items, String fundingSource, String ip, CampaignKind campaign, Segment segment,
                       String traits) {

    static SimEvent charge(long at, Customer owner, String deviceId, long amount, String fundingSource, String ip,
                           CampaignKind campaign) {
        return new SimEvent(at, EventType.CHARGE, owner.accountId(), deviceId, amount, null, List.of(), fundingSource,
                ip, campaign, owner.segment(), traits(owner, null, List.of()));
    }

    static SimEvent purchase(long at, Customer owner, String deviceId, Store store, List<LineItem> items,
                             CampaignKind campaign) {
        return new SimEvent(at, EventType.PURCHASE, owner.accountId(), deviceId, Goods.total(items), store.id(),
                Tills.ring(store, items), null, null, campaign, owner.segment(), traits(owner, store, items));
    }

    private static String traits(Customer owner, Store store, List<LineItem> items) {
        StringJoiner traits = new StringJoiner(";");
        if (owner.persona().dayShape() == Persona.DayShape.NIGHT) {
            traits.add("night");
        }
        if (store != null && store.prefecture() != 0 && store.prefecture() != owner.home().prefecture()
                && store.prefecture() != owner.work().prefecture()) {
            traits.add("trip");
        }
        if (items.stream().anyMatch(i -> "gift_card".equals(i.category()) || "prepaid_card".equals(i.category()))) {
            traits.add("gift-card");
        }
        if (items.stream().anyMatch(i -> "electronics".equals(i.category()))) {
            traits.add("electronics");
        }
        return traits.toString();
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
