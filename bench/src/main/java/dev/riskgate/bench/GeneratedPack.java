package dev.riskgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a rule pack of N generated rules in the shipped style, for the rule-count figures: each rule has a
 * name that says what it checks, an {@code @family}, and takes every number from parameters.properties.
 * The shapes follow the shipped pack's: amount thresholds, velocity counts over a window (accumulate),
 * declines at the store, hour-of-day bands and young devices, in roughly the shipped proportions. The
 * thresholds are drawn so that rules fire now and then, as real ones do, and add a few points each.
 * N = 0 writes the "empty" pack: one trivial rule that matches every event and adds nothing.
 * The shipped parameters (minus family caps), categories and resale goods are copied, so the pack loads
 * through the same checks as the shipped one. Deterministic: the same N gives the same files.
 * With SHAPES=simple only the shapes without {@code accumulate} are drawn (amounts, hours, young devices):
 * Drools' executable model compiles those, and not the accumulate-and-eval shape the shipped pack uses.
 * Usage: GeneratedPack N OUT_DIR [SHIPPED_RULES_DIR=rules] [SHAPES=all|simple]
 */
public final class GeneratedPack {

    private static final int RULES_PER_FILE = 100;
    private static final String HEADER = """
            package riskgate.rules;

            import dev.riskgate.rules.facts.WalletEvent;
            import dev.riskgate.rules.facts.PastEvent;
            import dev.riskgate.rules.facts.Scope;

            global dev.riskgate.rules.Parameters params;
            global dev.riskgate.rules.Scorecard score;

            """;

    private GeneratedPack() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Path shipped = Path.of(args.length > 2 ? args[2] : "rules");
        boolean simple = args.length > 3 && args[3].equals("simple");
        Files.createDirectories(out);
        try (var old = Files.list(out)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (String f : List.of("categories.csv", "resale-goods.csv")) {
            if (Files.exists(shipped.resolve(f))) {
                Files.copy(shipped.resolve(f), out.resolve(f));
            }
        }
        List<String> params = new ArrayList<>();
        for (String line : Files.readAllLines(shipped.resolve("parameters.properties"))) {
            if (!line.startsWith("cap.")) {  // the shipped caps name families this pack does not have
                params.add(line);
            }
        }
        params.add("");
        params.add("# --- generated: " + n + " rules ---");
        if (n == 0) {
            params.add("trivial.points = 0");
            Files.writeString(out.resolve("trivial.drl"), "// The empty pack: one rule, so an evaluation still runs a session.\n"
                    + HEADER + "rule \"trivial: every event\" @family(\"trivial\")\nwhen\n    WalletEvent()\nthen\n"
                    + "    score.add(params.get(\"trivial.points\"), \"every event\");\nend\n");
        } else {
            SplittableRandom random = new SplittableRandom(n);
            StringBuilder drl = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i % RULES_PER_FILE == 0) {
                    drl.setLength(0);
                    drl.append("// Generated rules ").append(i).append("..").append(Math.min(n, i + RULES_PER_FILE) - 1)
                            .append(" for the rule-count benchmark (bench/rules-scaling.sh).\n").append(HEADER);
                }
                drl.append(rule(i, random, params, simple)).append('\n');
                if (i % RULES_PER_FILE == RULES_PER_FILE - 1 || i == n - 1) {
                    Files.writeString(out.resolve(String.format(Locale.ROOT, "generated-%04d.drl", i / RULES_PER_FILE)),
                            drl.toString());
                }
            }
        }
        Files.write(out.resolve("parameters.properties"), params);
    }

    private static String rule(int i, SplittableRandom random, List<String> params, boolean simple) {
        String p = "gen.r" + i + ".";
        int shape = random.nextInt(100);
        if (simple && shape >= 30 && shape < 70) {
            shape = 70 + random.nextInt(30);  // an hour band or a young device instead of an accumulate
        }
        params.add(p + "points = " + random.nextInt(1, 6));
        if (shape < 30) {
            int amount = 1000 * random.nextInt(20, 200);
            params.add(p + "min_amount = " + amount);
            return String.format(Locale.ROOT, """
                    rule "generated %d: purchase of at least %d" @family("gen_amount")
                    when
                        WalletEvent(type == "purchase", $amount : amount, amount >= params.get("%smin_amount"))
                    then
                        score.add(params.get("%spoints"), String.format("purchase of %%.0f", $amount));
                    end
                    """, i, amount, p, p);
        }
        if (shape < 55) {
            int window = random.nextInt(10, 1441);
            params.add(p + "window_minutes = " + window);
            params.add(p + "count = " + random.nextInt(3, 30));
            return String.format(Locale.ROOT, """
                    rule "generated %d: many attempts on the account within %d minutes" @family("gen_velocity")
                    when
                        WalletEvent()
                        accumulate(PastEvent(scope == Scope.ACCOUNT, minutesAgo <= params.get("%swindow_minutes"));
                                   $n : count())
                        eval($n.intValue() >= params.get("%scount"))
                    then
                        score.add(params.get("%spoints"), String.format("%%d attempts within the window", $n.intValue()));
                    end
                    """, i, window, p, p, p);
        }
        if (shape < 70) {
            params.add(p + "window_minutes = " + random.nextInt(10, 1441));
            params.add(p + "declines = " + random.nextInt(2, 10));
            return String.format(Locale.ROOT, """
                    rule "generated %d: declines at the store" @family("gen_store")
                    when
                        WalletEvent(type == "purchase")
                        accumulate(PastEvent(scope == Scope.STORE, declined == true,
                                             minutesAgo <= params.get("%swindow_minutes"));
                                   $n : count())
                        eval($n.intValue() >= params.get("%sdeclines"))
                    then
                        score.add(params.get("%spoints"), String.format("%%d declines at this store", $n.intValue()));
                    end
                    """, i, p, p, p);
        }
        if (shape < 85) {
            int from = random.nextInt(0, 6);
            params.add(p + "from_hour = " + from);
            params.add(p + "to_hour = " + (from + random.nextInt(1, 4)));
            params.add(p + "min_amount = " + 1000 * random.nextInt(3, 50));
            return String.format(Locale.ROOT, """
                    rule "generated %d: night payment of size" @family("gen_hour")
                    when
                        WalletEvent(localHour >= params.get("%sfrom_hour"), localHour < params.get("%sto_hour"),
                                    $amount : amount, amount >= params.get("%smin_amount"))
                    then
                        score.add(params.get("%spoints"), String.format("%%.0f at night", $amount));
                    end
                    """, i, p, p, p, p);
        }
        params.add(p + "window_minutes = " + random.nextInt(10, 1441));
        params.add(p + "min_amount = " + 1000 * random.nextInt(1, 30));
        return String.format(Locale.ROOT, """
                rule "generated %d: large spend from a new device" @family("gen_device")
                when
                    WalletEvent($device : deviceId)
                    PastEvent(scope == Scope.DEVICE, newDevice == true, deviceId == $device,
                              amount >= params.get("%smin_amount"), minutesAgo <= params.get("%swindow_minutes"))
                then
                    score.add(params.get("%spoints"), "large spend from a new device");
                end
                """, i, p, p, p);
    }
}
