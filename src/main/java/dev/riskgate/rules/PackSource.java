package dev.riskgate.rules;

import java.nio.file.Path;

/**
 * Where the pack to serve is now: a directory the loader can read. The rules directory itself
 * (RISKGATE_RULES_DIR, edited in place and watched), or the pack last published to Redis, fetched to a
 * directory of its own ({@link PublishedPack}). {@link LivePack} asks at every poll and loads what it
 * finds when its content hash changed.
 */
public interface PackSource {

    /** The directory holding the pack to serve now; may fetch it first. Never called on an event loop. */
    Path current();

    /** Where the pack loaded from {@code dir} came from, for operators (GET /admin/rules, the log). */
    default String origin(Path dir) {
        return "rules directory " + dir.toAbsolutePath().normalize();
    }

    /** A fixed rules directory. */
    static PackSource directory(Path dir) {
        return () -> dir;
    }
}
