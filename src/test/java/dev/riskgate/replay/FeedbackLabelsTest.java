package dev.riskgate.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.TestPaths;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying a decision log with no labels file takes its FRAUD, LEGIT and step-up feedback as the labels. */
class FeedbackLabelsTest {

    @Test
    void aDecisionLogsFeedbackLabelsItsEvents(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        List<String> lines = new ArrayList<>();
        lines.add(score("e-fraud", "a1", 0));
        lines.add(feedback("e-fraud", "FRAUD"));
        lines.add(score("e-legit", "a2", 1));
        lines.add(feedback("e-legit", "LEGIT"));
        lines.add(score("e-failed", "a3", 2));
        lines.add(feedback("e-failed", "STEP_UP_FAILED"));
        lines.add(score("e-phished", "a4", 3));
        lines.add(feedback("e-phished", "STEP_UP_PASSED"));
        lines.add(feedback("e-phished", "FRAUD"));
        lines.add(score("e-none", "a5", 4));
        Files.write(log, lines);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Replay.run(log, TestPaths.rules(), null, null, true, 0, null, null, StepUpAnswers.NOBODY_PHISHED,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no labels file; 4 of 5 events labelled from the stream's feedback (3 fraud", "1 legit");
        JsonObject report = new JsonObject(out.toString(StandardCharsets.UTF_8));
        assertThat(report.getString("labelsFrom")).isEqualTo("feedback");
        assertThat(report.getInteger("labelledEvents")).isEqualTo(4);
        JsonObject labels = report.getJsonObject("active").getJsonObject("labels");
        assertThat(labels.getLong("fraudEvents")).isEqualTo(3);
        assertThat(labels.getLong("legitEvents")).isEqualTo(1);
    }

    private static String score(String id, String account, int minute) {
        JsonObject event = new JsonObject().put("eventId", id).put("type", "charge").put("accountId", account)
                .put("deviceId", "d-" + account).put("amount", 3000).put("currency", "JPY")
                .put("occurredAt", "2019-07-01T10:0" + minute + ":00+09:00");
        return new JsonObject().put("kind", "score").put("event", event).encode();
    }

    private static String feedback(String id, String outcome) {
        return new JsonObject().put("kind", "feedback").put("eventId", id).put("outcome", outcome).encode();
    }
}
