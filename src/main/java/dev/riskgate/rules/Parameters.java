package dev.riskgate.rules;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DRL global {@code params}: windows, amounts, counts, points and the score thresholds, read from
 * {@code parameters.properties} in the rules directory so analysts tune a pack without touching DRL.
 */
public final class Parameters {

    public static final String FILE = "parameters.properties";
    public static final String STEP_UP_AT = "decision.step_up_at";
    public static final String BLOCK_AT = "decision.block_at";
    public static final String HISTORY_WINDOW = "history.window_minutes";
    /** Rules may look back at most this far: the store keeps attempts for 30 days. */
    static final double MAX_HISTORY_MINUTES = 30 * 24 * 60;

    /** The parameters that are words, not numbers: the currencies (see {@link Currencies}) and alert kinds ({@link AlertKinds}). */
    private static final Set<String> TEXT_KEYS = Set.of(Currencies.ACCEPTED, Currencies.BASE, AlertKinds.KINDS,
            AlertKinds.OFF);

    private final Map<String, Double> values;
    private final Map<String, String> texts;
    /** Keys the file sets to something that is not a number: already an error, so not "unknown" too. */
    private final Set<String> invalid;
    private final List<String> lines;
    private final Map<String, Integer> lineOfKey;

    Parameters(Map<String, Double> values) {
        this(values, Map.of(), Set.of(), List.of(), Map.of());
    }

    private Parameters(Map<String, Double> values, Map<String, String> texts, Set<String> invalid, List<String> lines,
                       Map<String, Integer> lineOfKey) {
        this.values = Map.copyOf(values);
        this.texts = Map.copyOf(texts);
        this.invalid = Set.copyOf(invalid);
        this.lines = List.copyOf(lines);
        this.lineOfKey = Map.copyOf(lineOfKey);
    }

    /** A word parameter's value, or null when the file does not set it. */
    String text(String key) {
        return texts.get(key);
    }

    /** An error about parameter {@code key}, at its line. */
    CompileError error(String key, String message) {
        return new CompileError(FILE, lineOfKey.getOrDefault(key, lineOf(lines, key)), null, message);
    }

    /** A parameter's value; an unknown key is a pack defect, caught when the pack is loaded. */
    public double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown parameter '" + key + "' (not in " + FILE + ")");
        }
        return v;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Whether the file sets {@code key}, to a number or not (a value that is no number is reported once, as such). */
    boolean defined(String key) {
        return values.containsKey(key) || invalid.contains(key) || texts.containsKey(key);
    }

    /**
     * A warning for each parameter no rule reads ({@code usedByRules}) and the service does not read
     * either: a typo in its name, or a rule that was removed; editing it changes nothing.
     */
    List<CompileError> unused(java.util.Set<String> usedByRules) {
        List<CompileError> warnings = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(values.keySet())) {
            if (!usedByRules.contains(key) && !READ_BY_SERVICE.contains(key) && !key.startsWith("cap.")
                    && !key.startsWith("floor.")) {
                warnings.add(new CompileError(FILE, lineOfKey.get(key), null, "parameter '" + key
                        + "' is read by no rule, so changing it changes nothing (a misspelt name, or a rule since removed?)"));
            }
        }
        return warnings;
    }

    /**
     * Parameters the service reads itself rather than the rules: the thresholds, and what the facts are
     * derived with (scoring's FactSheet, ActorEvidence and DeviceTrust; a key missing there fails the load
     * probe, so these need no "unused" warning).
     */
    private static final java.util.Set<String> READ_BY_SERVICE = java.util.Set.of(STEP_UP_AT, BLOCK_AT, HISTORY_WINDOW,
            ResaleCatalog.CARTON_VALUE, "actor.declined_device_minutes", "actor.failed_step_up_minutes",
            "actor.min_usual_stores", "actor.new_store_minutes", "actor.newer_than_account_minutes", "actor.shared_device_accounts",
            "actor.shared_device_minutes", "actor.store_habit_min_purchases", "actor.strong.amplifier", "actor.unanswered_step_up_minutes",
            "actor.unfamiliar_goods_after_minutes", "actor.unfamiliar_tobacco_min_amount",
            "actor.unfamiliar_goods_min_purchases",
            "actor.weak.amplifier", "actor.weak_signs_for_strong", "actor.young_device_minutes",
            "charge_spend.drained_share", "charge_spend.min_charge", "charge_spend.window_minutes",
            "hour.habit_after_minutes", "hour.near_hours", "hour.min_samples", "profile.high_quantile",
            "trust.min_days_used");

    /** Family caps: {@code cap.high_amount = 45} becomes "high_amount" -> 45. */
    Map<String, Double> familyCaps() {
        return byFamily("cap.");
    }

    /**
     * Family floors: {@code floor.mitigation = -20} lets the "mitigation" family take up to 20 points off.
     * A family without one never takes points off (its floor is 0).
     */
    Map<String, Double> familyFloors() {
        return byFamily("floor.");
    }

    private Map<String, Double> byFamily(String prefix) {
        Map<String, Double> found = new java.util.HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(k.substring(prefix.length()), v);
            }
        });
        return Map.copyOf(found);
    }

    public int stepUpAt() {
        return (int) get(STEP_UP_AT);
    }

    public int blockAt() {
        return (int) get(BLOCK_AT);
    }

    public double historyWindowMinutes() {
        return get(HISTORY_WINDOW);
    }

    static Parameters load(Path dir, List<CompileError> errors) {
        Path file = dir.resolve(FILE);
        Map<String, Double> values = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            errors.add(new CompileError(FILE, null, null, "missing: the pack needs its parameter file"));
            return new Parameters(values);
        }
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            raw.load(in);
        } catch (IOException | IllegalArgumentException e) {
            errors.add(new CompileError(FILE, null, null, "unreadable: " + e.getMessage()));
            return new Parameters(values);
        }
        List<String> lines = readLines(file);
        Map<String, Integer> lineOfKey = PropertyLines.firstLines(lines, errors);
        java.util.Set<String> invalid = new java.util.HashSet<>();
        Map<String, String> texts = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            String text = raw.getProperty(key).trim();
            if (TEXT_KEYS.contains(key)) {
                texts.put(key, text);
                continue;
            }
            try {
                double v = Double.parseDouble(text);
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                values.put(key, v);
            } catch (NumberFormatException e) {
                invalid.add(key);
                errors.add(new CompileError(FILE, lineOfKey.getOrDefault(key, lineOf(lines, key)), null,
                        "parameter '" + key + "' must be a number, was '" + text + "'"));
            }
        }
        Parameters params = new Parameters(values, texts, invalid, lines, lineOfKey);
        params.checkDecisionThresholds(lines, errors);
        return params;
    }

    private void checkDecisionThresholds(List<String> lines, List<CompileError> errors) {
        for (String key : List.of(STEP_UP_AT, BLOCK_AT, HISTORY_WINDOW)) {
            if (!values.containsKey(key)) {
                errors.add(new CompileError(FILE, null, null, "parameter '" + key + "' is required"));
            }
        }
        if (values.containsKey(STEP_UP_AT) && values.containsKey(BLOCK_AT)) {
            double step = values.get(STEP_UP_AT);
            double block = values.get(BLOCK_AT);
            if (!(step > 0 && step < block && block <= 100)) {
                errors.add(new CompileError(FILE, lineOf(lines, BLOCK_AT), null,
                        "thresholds must satisfy 0 < " + STEP_UP_AT + " < " + BLOCK_AT + " <= 100, were "
                                + step + " and " + block));
            }
        }
        if (values.containsKey(HISTORY_WINDOW)) {
            double w = values.get(HISTORY_WINDOW);
            if (!(w > 0 && w <= MAX_HISTORY_MINUTES)) {
                errors.add(new CompileError(FILE, lineOf(lines, HISTORY_WINDOW), null,
                        HISTORY_WINDOW + " must be in the range (0, " + (long) MAX_HISTORY_MINUTES
                                + "] (the store keeps 30 days of attempts), was " + w));
            }
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return new ArrayList<>();
        }
    }

    private static Integer lineOf(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            if (l.startsWith(key) && l.substring(key.length()).trim().matches("^[=:].*")) {
                return i + 1;
            }
        }
        return null;
    }
}
