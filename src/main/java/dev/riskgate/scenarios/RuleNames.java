package dev.riskgate.scenarios;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Suggestions for a rule name that is not in the pack: the closest names by edit distance. */
final class RuleNames {

    private RuleNames() {
    }

    /** "; did you mean \"...\"?" with the closest name, or the three closest when none is close. */
    static String nearest(String name, Collection<String> names) {
        return nearest(name, names, "rule names", "rules");
    }

    /** The same for any names: {@code what} names them in the message ("alert kinds"), {@code plural} counts them. */
    static String nearest(String name, Collection<String> names, String what, String plural) {
        List<String> byDistance = names.stream()
                .sorted(Comparator.comparingInt((String n) -> distance(name, n)).thenComparing(n -> n)).toList();
        if (byDistance.isEmpty()) {
            return "; the pack has no " + plural;
        }
        String best = byDistance.get(0);
        if (distance(name, best) <= Math.max(3, name.length() / 5)) {
            return "; did you mean \"" + best + "\"?";
        }
        return "; closest " + what + ": \"" + String.join("\", \"", byDistance.subList(0, Math.min(3, byDistance.size())))
                + "\" (" + names.size() + " " + plural + " in all)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
