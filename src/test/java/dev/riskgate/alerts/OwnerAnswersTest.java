package dev.riskgate.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.MutableClock;
import dev.riskgate.ShippedPack;
import dev.riskgate.decision.Alert;
import dev.riskgate.decision.AlertIds;
import dev.riskgate.decision.Decision;
import dev.riskgate.decision.FeedbackOutcome;
import dev.riskgate.decision.Reason;
import dev.riskgate.decision.Verdict;
import dev.riskgate.event.ScoreRequestParser;
import dev.riskgate.rules.RulePack;
import dev.riskgate.scoring.AccountFreeze;
import dev.riskgate.scoring.FeedbackRecorder;
import dev.riskgate.scoring.Scorer;
import dev.riskgate.state.AnswerWindows;
import dev.riskgate.state.StateStore;
import dev.riskgate.state.embedded.JournalStateStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Wasn't me" closes the loop, on a real journal store and the shipped pack, in the 7pay order of events:
 * the victim is told at the thieves' first top-up, before their first purchase; "not me" labels what
 * followed FRAUD and freezes the account, so the rest of the campaign is BLOCKed with the freeze as its
 * reason, until the gateway unfreezes it. A token answers once; a wrong or expired one changes nothing.
 */
class OwnerAnswersTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final RulePack pack = ShippedPack.get();

    @TempDir
    Path dir;

    @Test
    void notMeLabelsTheCampaignFraudAndBlocksTheRestUntilUnfrozen() {
        try (StateStore store = JournalStateStore.open(dir.resolve("data"), Clock.systemUTC())) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC(), List.of(), true);
            AlertTokens tokens = new AlertTokens(KEY, Duration.ofDays(7));
            FeedbackRecorder feedback = new FeedbackRecorder(store);
            OwnerAnswers owners = new OwnerAnswers(store, feedback, tokens, Clock.systemUTC());
            OffsetDateTime t0 = OffsetDateTime.now().minusMinutes(50);
            history(scorer, t0);

            // 7pay: the thieves' handset tops up from the linked card, then buys cartons far away.
            Decision topUp = scorer.score(charge("thief-topup-1", "thief-phone", 30000, t0)).decision();
            assertThat(topUp.alerts()).extracting(Alert::kind).contains("unfamiliar-device-top-up");
            String alertId = AlertIds.of("thief-topup-1", "unfamiliar-device-top-up");
            Decision secondTopUp = scorer.score(charge("thief-topup-2", "thief-phone", 30000, t0.plusMinutes(2))).decision();
            Decision firstPurchase = scorer.score(cartons("thief-buy-1", t0.plusMinutes(10))).decision();
            assertThat(firstPurchase.decision()).as("the pack alone").isNotNull();

            assertThatThrownBy(() -> owners.notMe(alertId, "not-a-token")).isInstanceOf(AlertTokens.Refused.class)
                    .satisfies(e -> assertThat(((AlertTokens.Refused) e).code()).isEqualTo("invalid_token"));
            assertThatThrownBy(() -> owners.notMe(alertId, new AlertTokens(KEY, Duration.ofSeconds(-1))
                    .issue(alertId, Instant.now()))).satisfies(e -> assertThat(((AlertTokens.Refused) e).code())
                    .isEqualTo("token_expired"));
            assertThat(AccountFreeze.of(store, "victim-7pay")).as("refused tokens changed nothing").isEmpty();
            assertThat(store.decision("thief-topup-1").orElseThrow().feedback()).isEmpty();

            String token = tokens.issue(alertId, Instant.now());
            OwnerAnswers.Answered answered = owners.notMe(alertId, token);
            assertThat(answered.labelled()).containsExactlyInAnyOrder("thief-topup-1", "thief-topup-2", "thief-buy-1");
            assertThat(store.decision("thief-buy-1").orElseThrow().feedback()).containsExactly(FeedbackOutcome.FRAUD);
            assertThat(store.decision("h-buy-1").orElseThrow().feedback()).as("the owner's own history").isEmpty();
            assertThatThrownBy(() -> owners.notMe(alertId, token)).satisfies(e -> assertThat(((AlertTokens.Refused) e).code())
                    .isEqualTo("token_used"));

            Decision rest = scorer.score(cartons("thief-buy-2", t0.plusMinutes(20))).decision();
            assertThat(rest.decision()).isEqualTo(Verdict.BLOCK);
            assertThat(rest.reasons()).extracting(Reason::rule).containsExactly(AccountFreeze.RULE);
            assertThat(rest.reasons().get(0).message()).contains("not me", alertId);
            Decision ownersSmallBuy = scorer.score(purchase("owner-after", "owner-phone", 500, t0.plusMinutes(25))).decision();
            assertThat(ownersSmallBuy.decision()).as("frozen for everyone").isEqualTo(Verdict.BLOCK);

            assertThat(owners.unfreeze("victim-7pay")).isTrue();
            assertThat(owners.unfreeze("victim-7pay")).as("already lifted").isFalse();
            Decision afterUnfreeze = scorer.score(purchase("owner-later", "owner-phone", 500, t0.plusMinutes(40))).decision();
            assertThat(afterUnfreeze.reasons()).extracting(Reason::rule).doesNotContain(AccountFreeze.RULE);
            System.out.printf("7pay order: alert at the first top-up (%s), first purchase after it (%s); after not-me: %s%n",
                    topUp.decision(), firstPurchase.decision(), rest.decision());
            assertThat(secondTopUp).isNotNull();
        }
    }

    @Test
    void anAnsweredTokenStaysUsedPastTheIdempotencyWindowForAsLongAsItIsValid() {
        MutableClock clock = new MutableClock(Instant.now());
        try (StateStore store = JournalStateStore.open(dir.resolve("data"), clock, false, AnswerWindows.DEFAULT)) {
            Scorer scorer = new Scorer(store, () -> pack, clock, List.of(), true);
            AlertTokens tokens = new AlertTokens(KEY, Duration.ofDays(7));
            OwnerAnswers owners = new OwnerAnswers(store, new FeedbackRecorder(store), tokens, clock);
            OffsetDateTime t0 = OffsetDateTime.now().minusMinutes(50);
            history(scorer, t0);
            scorer.score(charge("thief-topup-1", "thief-phone", 30000, t0));
            String alertId = AlertIds.of("thief-topup-1", "unfamiliar-device-top-up");
            String token = tokens.issue(alertId, clock.instant());
            owners.notMe(alertId, token);

            // The mark is a stored record: compact after 3 days, still there until the feedback window ends.
            for (int day : new int[] {4, 6}) {
                clock.advance(Duration.ofDays(day == 4 ? 4 : 2));
                assertThat(store.decision("alert-answer:" + alertId)).as("day " + day)
                        .hasValueSatisfying(r -> assertThat(r.answerKept()).isFalse());
                for (String t : List.of(token, tokens.issue(alertId, clock.instant()))) {
                    assertThatThrownBy(() -> owners.itWasMe(alertId, t)).as("day " + day)
                            .satisfies(e -> assertThat(((AlertTokens.Refused) e).code()).isEqualTo("token_used"));
                }
            }
            assertThat(store.decision("thief-topup-1").orElseThrow().feedback()).containsExactly(FeedbackOutcome.FRAUD);
        }
    }

    @Test
    void itWasMeLabelsLegitAndAStepUpPassedTrustsTheDevice() {
        try (StateStore store = JournalStateStore.open(dir.resolve("data"), Clock.systemUTC())) {
            Scorer scorer = new Scorer(store, () -> pack, Clock.systemUTC(), List.of(), true);
            AlertTokens tokens = new AlertTokens(KEY, Duration.ofDays(7));
            OwnerAnswers owners = new OwnerAnswers(store, new FeedbackRecorder(store), tokens, Clock.systemUTC());
            OffsetDateTime t0 = OffsetDateTime.now().minusMinutes(50);
            history(scorer, t0);
            Decision newPhone = scorer.score(charge("new-phone-topup", "owners-new-phone", 30000, t0)).decision();
            assertThat(newPhone.decision()).isEqualTo(Verdict.STEP_UP);
            String alertId = AlertIds.of("new-phone-topup", "step-up");
            owners.itWasMe(alertId, tokens.issue(alertId, Instant.now()));
            assertThat(store.decision("new-phone-topup").orElseThrow().feedback())
                    .containsExactly(FeedbackOutcome.LEGIT, FeedbackOutcome.STEP_UP_PASSED);
            assertThat(AccountFreeze.of(store, "victim-7pay")).isEmpty();
            Decision next = scorer.score(purchase("new-phone-buy", "owners-new-phone", 1500, t0.plusMinutes(30))).decision();
            assertThat(next.reasons()).extracting(Reason::rule).doesNotContain("new device: still earning trust",
                    "new device: never seen on this account");
        }
    }

    private static void history(Scorer scorer, OffsetDateTime t0) {
        for (int day = 20; day >= 1; day--) {
            scorer.score(purchase("h-buy-" + day, "owner-phone", 1500, t0.minusDays(day)));
        }
        for (int week = 3; week >= 1; week--) {
            scorer.score(charge("h-charge-" + week, "owner-phone", 10000, t0.minusDays(7L * week).minusHours(1)));
        }
    }

    private static dev.riskgate.event.ScoreRequest charge(String id, String device, int amount, OffsetDateTime at) {
        return parse(new JsonObject().put("eventId", id).put("type", "charge").put("deviceId", device)
                .put("amount", amount).put("fundingSource", "card").put("occurredAt", at.toString()));
    }

    private static dev.riskgate.event.ScoreRequest purchase(String id, String device, int amount, OffsetDateTime at) {
        return parse(new JsonObject().put("eventId", id).put("type", "purchase").put("deviceId", device)
                .put("storeId", "store-home").put("amount", amount).put("occurredAt", at.toString())
                .put("items", new JsonArray().add(new JsonObject().put("sku", "general").put("quantity", 1).put("unitPrice", amount))));
    }

    private static dev.riskgate.event.ScoreRequest cartons(String id, OffsetDateTime at) {
        return parse(new JsonObject().put("eventId", id).put("type", "purchase").put("deviceId", "thief-phone")
                .put("storeId", "store-far").put("amount", 29000).put("occurredAt", at.toString())
                .put("items", new JsonArray().add(new JsonObject().put("sku", "carton-m").put("category", "tobacco")
                        .put("quantity", 5).put("unitPrice", 5800))));
    }

    private static dev.riskgate.event.ScoreRequest parse(JsonObject event) {
        return new ScoreRequestParser(Clock.systemUTC()).parse(event.put("accountId", "victim-7pay").put("currency", "JPY"));
    }
}
