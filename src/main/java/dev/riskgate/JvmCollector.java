package dev.riskgate;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Which garbage collector this JVM runs, said once at start. The shipped flags ({@link #SHIPPED}) were
 * chosen by {@code bench/collectors.sh} (docs/benchmarks.md, "The garbage collector"): on one core and on
 * two, the serial and parallel collectors' young pauses passed the default 100 ms scoring deadline at 2,000
 * decisions/s, under half of one core's capacity (p99.9 of 156-325 ms; answers shed with 503), where G1
 * with a 5 ms pause goal shed none and kept p99.9 at 22-67 ms; promoting after one survival (the tenuring
 * threshold) shortened its tail further, since what survives a young collection here is mostly medium-lived
 * state copied again at every one. The JVM picks the serial collector by itself
 * on one core or under 1792 MiB, exactly the small container an instance is often given: a start on it,
 * or on the parallel one, is worth a WARN.
 */
final class JvmCollector {

    static final String SHIPPED = "-XX:+UseG1GC -XX:MaxGCPauseMillis=5 -XX:MaxTenuringThreshold=1";

    private JvmCollector() {
    }

    /** The collector's beans' names, as the JVM reports them ("G1 Young Generation, G1 Old Generation"). */
    static List<String> running() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** What to tell the operator about a JVM whose collector beans have these names, if anything. */
    static Optional<String> advice(List<String> beans) {
        boolean stopTheWorldYoung = beans.stream().anyMatch(b -> b.equals("Copy") || b.equals("PS Scavenge"));
        if (!stopTheWorldYoung) {
            return Optional.empty();
        }
        return Optional.of("this JVM runs the " + (beans.contains("Copy") ? "serial" : "parallel")
                + " collector (" + String.join(", ", beans) + "): its young pauses passed the scoring deadline in "
                + "the benchmarks (p99.9 over 100 ms at under half of capacity); start java with "
                + SHIPPED + " (docs/operations.md, The JVM)");
    }
}
