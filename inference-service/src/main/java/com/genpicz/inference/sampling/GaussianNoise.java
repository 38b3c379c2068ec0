package com.genpicz.inference.sampling;

import java.util.SplittableRandom;

/**
 * A seeded stream of standard-normal floats (Box-Muller over {@link SplittableRandom}). StrictMath keeps the
 * stream identical on every JVM and CPU, so a seed names the same starting noise everywhere.
 */
public final class GaussianNoise {

    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    /** A stream determined entirely by {@code seed}. */
    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next standard-normal value. */
    public double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - random.nextDouble()));
        double angle = 2.0 * StrictMath.PI * random.nextDouble();
        spare = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /** Fills {@code target} with the next values of the stream. */
    public void fill(float[] target) {
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) next();
        }
    }
}
