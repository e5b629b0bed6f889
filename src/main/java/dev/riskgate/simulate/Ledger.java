package dev.riskgate.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A wallet's stored balance. Customers' own events change it at once, in time order; an attacker's are
 * set in motion at the start of the attack and land at their times, so the customer's own spending in
 * the meantime never takes money the attacker is about to spend (nor spends the attacker's top-up).
 */
final class Ledger {

    private record Pending(long at, long delta) {
    }

    private long balance;
    private final List<Pending> pending = new ArrayList<>();

    /** What can be spent at {@code at} without making any later scheduled debit bounce. */
    long spendable(long at) {
        settle(at);
        long running = 0;
        long lowest = 0;
        for (Pending p : pending) {
            running += p.delta();
            lowest = Math.min(lowest, running);
        }
        return balance + lowest;
    }

    void credit(long amount) {
        balance += amount;
    }

    void debit(long amount) {
        if (amount > balance) {
            throw new IllegalStateException("debit of " + amount + " exceeds the balance of " + balance);
        }
        balance -= amount;
    }

    void schedule(long at, long delta) {
        int i = pending.size();
        while (i > 0 && pending.get(i - 1).at() > at) {
            i--;
        }
        pending.add(i, new Pending(at, delta));
    }

    /** Applies everything scheduled up to and including {@code until}. */
    void settle(long until) {
        while (!pending.isEmpty() && pending.get(0).at() <= until) {
            balance += pending.remove(0).delta();
        }
    }
}
