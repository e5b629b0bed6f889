package dev.riskgate.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a properties file is set, read the way {@link java.util.Properties} reads it (comment
 * lines, continuation lines, a key ending at the first unescaped '=', ':' or blank). Properties itself
 * keeps the last of two settings of one key without a word, so an analyst who adds a tuned value at the
 * end of the file while the old one stays above would not know which one serves: a repeated key is an
 * error, naming both lines.
 */
final class PropertyLines {

    private PropertyLines() {
    }

    /** The line each key is first set on; adds an error for each key set again. */
    static Map<String, Integer> firstLines(List<String> lines, List<CompileError> errors) {
        Map<String, Integer> first = new HashMap<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean startsEntry = !continued;
            continued = endsWithOddBackslashes(line) && (continued || !isCommentOrBlank(line));
            if (!startsEntry || isCommentOrBlank(line)) {
                continue;
            }
            String key = keyOf(line.stripLeading());
            Integer earlier = first.putIfAbsent(key, i + 1);
            if (earlier != null) {
                errors.add(new CompileError(Parameters.FILE, i + 1, null, "parameter '" + key + "' is set twice, on line "
                        + earlier + " and on line " + (i + 1) + "; keep one (only the last would count)"));
            }
        }
        return first;
    }

    private static boolean isCommentOrBlank(String line) {
        String s = line.stripLeading();
        return s.isEmpty() || s.startsWith("#") || s.startsWith("!");
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String keyOf(String s) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                key.append(s.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
