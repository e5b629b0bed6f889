package dev.riskgate.state.embedded;

import dev.riskgate.event.EventType;
import dev.riskgate.state.Commit;
import dev.riskgate.state.HistoryEvent;
import dev.riskgate.state.StateKeys;
import dev.riskgate.state.Status;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Not a test: measures the embedded store at scale by hand (docs/state.md). {@code fill DIR N} writes N
 * accounts the way {@code riskgate import} of bench/state-1m.sh does (one settled purchase each, own
 * phone, 20 accounts per store) and closes with a checkpoint; {@code open DIR [seconds]} restarts on it
 * and prints the time to open, the heap in use after a full GC, and then waits (for jcmd GC.class_histogram).
 */
public final class RestartProbe {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("fill")) {
            int n = Integer.parseInt(args[2]);
            Instant start = Instant.now().minusSeconds(7 * 86400);
            try (JournalStateStore store = JournalStateStore.open(dir, Clock.systemUTC(), false)) {
                for (int i = 0; i < n; i++) {
                    String account = "a" + i;
                    String device = "d" + i;
                    String shop = "s" + (i / 20);
                    Instant at = start.plusSeconds((long) i * (7 * 86400 - 3600) / n);
                    HistoryEvent e = new HistoryEvent("fill-" + i, EventType.PURCHASE, at, 300 + (i * 7919L) % 900,
                            account, device, shop, Status.ALLOWED, true, List.of());
                    store.apply(Commit.append(new StateKeys(e.eventId(), account, device, shop), null, e, true));
                }
            }
            return;
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long process0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        JournalStateStore store = JournalStateStore.open(dir, Clock.systemUTC(), false);
        long wall = System.nanoTime() - t0;
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0;
        long processCpu = os.getProcessCpuTime() - process0;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf("opened %,d entries in %.2f s wall, %.2f s CPU (opening thread), %.2f s CPU (process,"
                        + " GC included); heap after GC %,d MB%n", store.entries(), wall / 1e9, cpu / 1e9,
                processCpu / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20);
        System.out.println("pid " + ProcessHandle.current().pid());
        Thread.sleep(Long.parseLong(args.length > 2 ? args[2] : "0") * 1000);
        System.exit(0);
    }
}
