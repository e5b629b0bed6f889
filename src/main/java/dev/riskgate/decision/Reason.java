package dev.riskgate.decision;

/** One fired rule: its name in the pack, the points it added and a sentence for the analyst. */
public record Reason(String rule, int points, String message) {
}
