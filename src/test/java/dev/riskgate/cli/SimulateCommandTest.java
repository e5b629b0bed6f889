package dev.riskgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int simulate(String... args) {
        CommandLine cli = new CommandLine(new RiskgateCommand());
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void writesEventsAndLabelsBesideThemWithASummary() throws Exception {
        Path out = dir.resolve("week.jsonl");
        assertThat(simulate("--accounts", "40", "--days", "7", "--seed", "3", "--out", out.toString())).isZero();
        List<String> events = Files.readAllLines(out);
        List<String> labels = Files.readAllLines(dir.resolve("week.labels.csv"));
        assertThat(events).isNotEmpty().allMatch(l -> l.startsWith("{\"kind\":\"score\",\"event\":{"));
        assertThat(labels).hasSize(events.size() + 1).first().isEqualTo("eventId,label,campaign,segment");
        assertThat(err.toString()).contains(String.format("%,d events", events.size()), "takeover-drain", "week.labels.csv");
    }

    @Test
    void labelsGoWhereTheyAreToldTo() {
        Path labels = dir.resolve("elsewhere.csv");
        assertThat(simulate("--accounts", "5", "--days", "2", "--out", dir.resolve("e.jsonl").toString(),
                "--labels", labels.toString())).isZero();
        assertThat(labels).exists();
        assertThat(dir.resolve("e.labels.csv")).doesNotExist();
    }

    @Test
    void refusesAPeriodReachingIntoTheFuture() {
        String nextMonth = LocalDate.now().plusMonths(1).withDayOfMonth(1) + "T00:00:00+09:00";
        assertThat(simulate("--accounts", "5", "--days", "2", "--start", nextMonth, "--out", dir.resolve("e.jsonl").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must end in the past");
        assertThat(dir.resolve("e.jsonl")).doesNotExist();
    }

    @Test
    void refusesAStartThatIsNotMidnightInJapan() {
        assertThat(simulate("--accounts", "5", "--days", "2", "--start", "2019-07-01T00:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("start must be a midnight in Japan time");
    }

    @Test
    void refusesZeroAccounts() {
        assertThat(simulate("--accounts", "0", "--days", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("accounts must be in the range [1, 5000000]");
    }
}
