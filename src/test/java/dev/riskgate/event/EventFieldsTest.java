package dev.riskgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.decision.Decision;
import dev.riskgate.decision.Verdict;
import dev.riskgate.decisionlog.DecisionLog;
import dev.riskgate.decisionlog.Retention;
import dev.riskgate.replay.EventFile;
import dev.riskgate.replay.ReplayEvent;
import dev.riskgate.rules.facts.WalletEvent;
import dev.riskgate.scoring.DecisionEnvelope;
import dev.riskgate.scoring.Scored;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A field added once is seen everywhere: for every {@link Field} (and every component of a basket line),
 * a request that differs from a full one in that field alone must parse to a different request, survive
 * the writer, change the canonical hash, appear in the decision log's line, be read back by replay, and
 * reach the rules' fact. A new field without a {@link #VARIANTS} entry fails {@link #everyFieldHasAVariant}.
 */
class EventFieldsTest {

    private static final ScoreRequestParser PARSER = new ScoreRequestParser(Clock.systemUTC());

    /** A purchase carrying every field, so changing any one of them is a change. */
    private static JsonObject full() {
        return new JsonObject()
                .put("eventId", "evt-full").put("type", "purchase").put("accountId", "acct-1").put("deviceId", "dev-1")
                .put("occurredAt", "2024-05-01T10:15:00+09:00").put("amount", 5000).put("currency", "JPY")
                .put("storeId", "store-1").put("fundingSource", "card").put("ip", "192.0.2.1")
                .put("items", new JsonArray().add(item()));
    }

    private static JsonObject item() {
        return new JsonObject().put("sku", "sku-1").put("category", "snacks").put("quantity", 2).put("unitPrice", 2500);
    }

    /** Another valid value per field; {@code occurredAt} moves by an hour, so the customer's local hour moves too. */
    private static final Map<Field, Object> VARIANTS = new LinkedHashMap<>();
    private static final Map<String, Object> ITEM_VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put(Field.EVENT_ID, "evt-other");
        VARIANTS.put(Field.TYPE, "charge");
        VARIANTS.put(Field.ACCOUNT_ID, "acct-2");
        VARIANTS.put(Field.DEVICE_ID, "dev-2");
        VARIANTS.put(Field.OCCURRED_AT, "2024-05-01T11:15:00+09:00");
        VARIANTS.put(Field.AMOUNT, 6000);
        VARIANTS.put(Field.CURRENCY, "USD");
        VARIANTS.put(Field.STORE_ID, "store-2");
        VARIANTS.put(Field.FUNDING_SOURCE, "bank");
        VARIANTS.put(Field.IP, "192.0.2.2");
        VARIANTS.put(Field.ITEMS, new JsonArray().add(item()).add(item().put("sku", "sku-2")));
        ITEM_VARIANTS.put("sku", "sku-9");
        ITEM_VARIANTS.put("category", "drinks");
        ITEM_VARIANTS.put("quantity", 3);
        ITEM_VARIANTS.put("unitPrice", 2000);
    }

    static Stream<Arguments> changes() {
        Stream<Arguments> fields = VARIANTS.entrySet().stream().map(e ->
                Arguments.of(e.getKey().wireName(), full().put(e.getKey().wireName(), e.getValue())));
        Stream<Arguments> itemFields = ITEM_VARIANTS.entrySet().stream().map(e ->
                Arguments.of("items[0]." + e.getKey(),
                        full().put("items", new JsonArray().add(item().put(e.getKey(), e.getValue())))));
        return Stream.concat(fields, itemFields);
    }

    @Test
    void everyFieldHasAVariant() {
        assertThat(VARIANTS.keySet()).as("add a variant for the new field").containsExactlyInAnyOrder(Field.values());
        assertThat(Arrays.stream(LineItem.class.getRecordComponents()).map(RecordComponent::getName))
                .as("add a variant for the new item field").containsExactlyInAnyOrderElementsOf(ITEM_VARIANTS.keySet());
    }

    @Test
    void theRequestRecordHasExactlyTheListedFields() {
        assertThat(Arrays.stream(ScoreRequest.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Field.values()).map(Field::wireName).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aChangedFieldIsSeenByEveryShape(String field, JsonObject changedBody, @TempDir Path data) throws IOException {
        ScoreRequest base = PARSER.parse(full());
        ScoreRequest changed = PARSER.parse(changedBody);

        assertThat(changed).as("parser").isNotEqualTo(base);
        assertThat(PARSER.parse(ScoreRequestJson.encode(changed))).as("writer, read back").isEqualTo(changed);
        assertThat(ScoreRequestJson.encode(changed)).as("writer").isNotEqualTo(ScoreRequestJson.encode(base));
        assertThat(RequestHash.of(changed)).as("canonical hash").isNotEqualTo(RequestHash.of(base));
        assertThat(WalletEvent.of(changed)).as("the rules' fact").isNotEqualTo(WalletEvent.of(base));

        Path file = logged(data, Retention.defaults(), base, changed);
        List<JsonObject> lines = lines(file);
        assertThat(lines.get(1).getJsonObject("event")).as("decision log line")
                .isEqualTo(ScoreRequestJson.encode(changed))
                .isNotEqualTo(lines.get(0).getJsonObject("event"));
        EventFile.Loaded replayed = EventFile.read(file);
        assertThat(replayed.refused()).as("replay refusals: %s", replayed.firstRefusals()).isZero();
        assertThat(replayed.events().stream().map(ReplayEvent::request)).as("replay's reader")
                .containsExactlyInAnyOrder(base, changed);
    }

    @Test
    void aRedactingLogLeavesOutExactlyThePersonalFields(@TempDir Path data) throws IOException {
        ScoreRequest full = PARSER.parse(full());
        Retention redacting = new Retention(Retention.DEFAULT_MAX_FILE_BYTES, Retention.DEFAULT_MAX_AGE,
                Retention.DEFAULT_MAX_TOTAL_BYTES, true);

        JsonObject event = lines(logged(data, redacting, full)).get(0).getJsonObject("event");

        for (Field f : Field.values()) {
            assertThat(event.containsKey(f.wireName())).as(f.wireName()).isEqualTo(!f.personal());
        }
    }

    private static Path logged(Path data, Retention retention, ScoreRequest... requests) {
        try (DecisionLog log = DecisionLog.open(data, retention, Clock.systemUTC())) {
            for (ScoreRequest r : requests) {
                log.decided(DecisionEnvelope.decided(r, new Scored(new Decision(r.eventId(), Verdict.ALLOW, 0, List.of(),
                        "v1"), false, r.type(), 0, 0, 0, null, List.of())));
            }
        }
        return data.resolve(DecisionLog.DIR).resolve("decisions-000001.jsonl");
    }

    private static List<JsonObject> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(JsonObject::new).toList();
    }
}
