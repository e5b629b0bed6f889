package dev.riskgate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a key setting: keys separated by commas, or {@code @path} naming a file with one key per line (or
 * comma-separated; blank lines and lines starting with {@code #} are skipped). A file keeps keys out of the
 * process environment, which other processes of the same user can read. Error messages never quote a key.
 */
final class KeyList {

    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 512;

    private KeyList() {
    }

    static List<String> parse(String setting, String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        String text = raw.trim();
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1));
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + " names " + file.toAbsolutePath() + ", which cannot be read: " + e);
            }
        }
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String key : line.split(",")) {
                String k = key.strip();
                if (!k.isEmpty()) {
                    keys.add(check(setting, keys.size() + 1, k));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(setting + " is set but holds no key");
        }
        return keys;
    }

    /** Keys travel in an HTTP header, so they are printable ASCII without spaces. */
    private static String check(String setting, int index, String key) {
        if (key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(setting + ": key " + index + " must be " + MIN_LENGTH + " to "
                    + MAX_LENGTH + " characters long, was " + key.length());
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(setting + ": key " + index
                    + " must be printable ASCII without spaces (it is sent in an HTTP header)");
        }
        return key;
    }
}
