package dev.riskgate.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.console.IndexStatus;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Every page's frame (the precompiled layout, as the service renders it) says when the index is behind. */
class IndexBehindNoticeTest {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    @Test
    void aPageSaysHowFarTheIndexIsBehind() {
        Document page = render(new IndexStatus(1234, Duration.ofSeconds(42), false));

        assertThat(page.getElementById("index-behind")).isNotNull();
        assertThat(page.getElementById("index-behind").text()).contains("42 s behind the decision log")
                .contains("1234 entries waiting").contains("review queue");
        assertThat(page.getElementById("index-behind").attr("role")).isEqualTo("status");
    }

    @Test
    void aPageSaysTheIndexIsStillReadingTheLogAfterAStart() {
        Document page = render(new IndexStatus(0, Duration.ofMinutes(3), true));

        assertThat(page.getElementById("index-behind").text()).contains("still reading the decision log");
    }

    @Test
    void aCaughtUpIndexOrOneAFewSecondsBehindIsNotMentioned() {
        assertThat(render(new IndexStatus(0, Duration.ZERO, false)).getElementById("index-behind")).isNull();
        assertThat(render(new IndexStatus(40, Duration.ofSeconds(2), false)).getElementById("index-behind")).isNull();
    }

    private static Document render(IndexStatus status) {
        StringOutput out = new StringOutput();
        TEMPLATES.render("error.jte", Map.of("chrome", new Chrome("Decisions", "decisions", "k1", "csrf", status),
                "message", "m"), out);
        return Jsoup.parse(out.toString());
    }
}
