package dev.riskgate.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The random draws a simulation makes, from one seeded stream: the same seed gives the same world. The
 * transcendental functions are {@link StrictMath}'s, so it is the same world on every JVM and CPU.
 */
final class Dice {

    private final SplittableRandom random;

    Dice(long seed) {
        this(new SplittableRandom(seed));
    }

    private Dice(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, so one customer's draws do not shift another's. */
    Dice split() {
        return new Dice(random.split());
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int low, int highInclusive) {
        return random.nextInt(low, highInclusive + 1);
    }

    long between(long low, long highInclusive) {
        return random.nextLong(low, highInclusive + 1);
    }

    double uniform(double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    /** Even over orders of magnitude: as many draws between 20,000 and 40,000 as between 40,000 and 80,000. */
    double logUniform(double low, double high) {
        return StrictMath.exp(uniform(StrictMath.log(low), StrictMath.log(high)));
    }

    /** Skewed like most money amounts: a median, and a long tail up. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    /** Box-Muller, spelled out: the library's Gaussian may differ between JDKs. */
    private double gaussian() {
        double u = 1 - random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * random.nextDouble());
    }

    int poisson(double mean) {
        double limit = StrictMath.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    long pick(long... values) {
        return values[random.nextInt(values.length)];
    }

    /** An index drawn with the given weights (they need not sum to 1). */
    int pickIndex(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A made-up hex identifier, long enough that a few hundred thousand never collide in practice. */
    String hexId(String prefix) {
        return prefix + Long.toHexString((random.nextLong() & 0xffff_ffff_ffffL) | (1L << 48)).substring(1);
    }
}
