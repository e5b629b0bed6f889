package dev.riskgate.rules;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The pack that answers requests now. Swapping is atomic: a request uses one pack from start to end. */
public final class ActivePack implements Supplier<RulePack> {

    private final AtomicReference<RulePack> current;

    public ActivePack(RulePack initial) {
        this.current = new AtomicReference<>(initial);
    }

    @Override
    public RulePack get() {
        return current.get();
    }

    /** Installs {@code next} and returns the pack it replaced. */
    public RulePack swap(RulePack next) {
        return current.getAndSet(next);
    }
}
