package dev.riskgate.cli;

import dev.riskgate.simulate.World;
import java.util.Iterator;

/** The preset worlds' names, for --world and --worlds help. */
final class WorldNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return World.presets().stream().map(World::name).iterator();
    }
}
