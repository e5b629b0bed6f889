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

    /** A fixed rules directory. */
    static PackSource directory(Path dir) {
        return () -> dir;
    }
}
