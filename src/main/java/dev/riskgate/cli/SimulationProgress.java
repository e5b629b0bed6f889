package dev.riskgate.cli;

import dev.riskgate.simulate.SimEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells whoever runs a long simulation that it is moving: days done and events written, on standard
 * error, at most once per {@code every}. It looks at the clock only when an event starts a new day, so
 * it costs a subtraction and a division per event.
 */
final class SimulationProgress implements Consumer<SimEvent> {

    private static final long DAY_SECONDS = 86_400;

    private final PrintWriter err;
    private final long startSecond;
    private final int days;
    private final long everyNanos;
    private long events;
    private long day;
    private long lastReport = System.nanoTime();

    SimulationProgress(PrintWriter err, long startSecond, int days, Duration every) {
        this.err = err;
        this.startSecond = startSecond;
        this.days = days;
        this.everyNanos = every.toNanos();
    }

    @Override
    public void accept(SimEvent e) {
        written(e.at());
    }

    /** One more event written, at epoch second {@code at}. */
    void written(long at) {
        events++;
        long today = Math.floorDiv(at - startSecond, DAY_SECONDS);
        if (today > day) {
            day = today;
            long now = System.nanoTime();
            if (now - lastReport >= everyNanos) {
                lastReport = now;
                err.printf("simulate: %d of %d days done, %,d events written%n", Math.min(day, days), days, events - 1);
                err.flush();
            }
        }
    }
}
