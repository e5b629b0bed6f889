package dev.riskgate.cli;

import dev.riskgate.simulate.EventStreamWriter;
import dev.riskgate.simulate.SimulationSettings;
import dev.riskgate.simulate.WalletSimulator;
import dev.riskgate.simulate.World;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Write a labelled synthetic history of a prepaid wallet, for replay and benchmarks.",
                "",
                "Ordinary customers (daily purchases, top-ups before spending, big purchases, new phones, "
                        + "tablets and shared household tablets, smokers, gift cards) mixed with takeover campaigns on "
                        + "a few percent of accounts: takeover-drain, mule-handset, topup-late-spend, balance-drain, "
                        + "takeover-spoofed-device, cloned-device, topup-burst, gift-card-drain and single-carton-drain, "
                        + "in the mix --world sets. The same arguments always give the same bytes.",
                "",
                "Events: JSON Lines {\"kind\":\"score\",\"event\":{...}} in event-time order, the event in the "
                        + "POST /v1/score wire form. Labels: CSV eventId,label,campaign,segment with label fraud or legit "
                        + "and segment the account owner's (pack-smoker, carton-smoker or empty). "
                        + "A summary goes to standard error.",
                ""},
        footer = {"", "Example:", "  riskgate simulate --accounts 300 --days 30 --seed 7 --out month.jsonl",
                "  riskgate replay --events month.jsonl --labels month.labels.csv"})
final class SimulateCommand implements Callable<Integer> {

    /** Often enough to show a long run is moving, rarely enough not to bury the summary. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Option(names = "--accounts", required = true, paramLabel = "N",
            description = "Customer accounts, 1 to 5,000,000 (30,000 over 30 days is about a million events).")
    int accounts;

    @Option(names = "--days", required = true, paramLabel = "D", description = "Days of history, 1 to 3,660.")
    int days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "2019-07-01T00:00:00+09:00", paramLabel = "TIME",
            description = {"Midnight in Japan time the history starts at (default: ${DEFAULT-VALUE}).",
                    "The whole period must be in the past: the API refuses events from the future."})
    String start;

    @Option(names = "--world", defaultValue = "baseline", paramLabel = "NAME", completionCandidates = WorldNames.class,
            description = {"What tills send, how customers top up and live, which crews attack (default: ${DEFAULT-VALUE}).",
                    "One of: ${COMPLETION-CANDIDATES}. A warm world's first days (real-month-warm: 30) are "
                            + "attack-free history, for import."})
    String world;

    @Option(names = "--out", paramLabel = "FILE", description = "Events file (default: standard output).")
    Path out;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels file (default: beside --out, as <name>.labels.csv; none when writing to standard output).")
    Path labels;

    @Override
    public Integer call() throws IOException {
        SimulationSettings settings = settings();
        Path labelsFile = labels != null ? labels : out != null ? labelsBeside(out) : null;
        long began = System.nanoTime();
        EventStreamWriter writer;
        try (Writer events = out == null ? stdout() : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             Writer labelLines = labelsFile == null ? null : Files.newBufferedWriter(labelsFile, StandardCharsets.UTF_8)) {
            writer = new EventStreamWriter(events, labelLines, seed);
            new WalletSimulator(settings).run(writer.andThen(new SimulationProgress(spec.commandLine().getErr(),
                    settings.start().toEpochSecond(), days, PROGRESS_EVERY)));
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("simulated %,d accounts over %d days from %s, seed %d, world %s, in %.1f s%n",
                accounts, days, settings.start(), seed, world, (System.nanoTime() - began) / 1e9);
        if (settings.world().warmDays() > 0) {
            err.printf("the events before %s are attack-free history, to load with import%n", settings.scoredFrom());
        }
        err.print(writer.summary().format());
        err.printf("events: %s%nlabels: %s%n", out == null ? "standard output" : out, labelsFile == null ? "none" : labelsFile);
        err.flush();
        return 0;
    }

    private SimulationSettings settings() {
        OffsetDateTime from;
        try {
            from = OffsetDateTime.parse(start);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(),
                    "--start must be an ISO-8601 date-time with an offset, like 2019-07-01T00:00:00+09:00, was " + start);
        }
        SimulationSettings settings;
        try {
            settings = new SimulationSettings(accounts, days, seed, from, World.named(world));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (settings.end().toInstant().isAfter(Instant.now())) {
            throw new ParameterException(spec.commandLine(), "the simulated period must end in the past (the API refuses events "
                    + "more than 5 minutes ahead), but --start " + start + " plus " + days + " days ends " + settings.end());
        }
        return settings;
    }

    /** month.jsonl gets month.labels.csv. */
    static Path labelsBeside(Path events) {
        String name = events.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return events.resolveSibling(base + ".labels.csv");
    }

    /** Standard output, buffered; closing it only flushes. */
    private static Writer stdout() {
        return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
