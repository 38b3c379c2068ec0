package com.genpicz.inference.sampling;

/**
 * The training noise schedule: alpha-bar (the cumulative product of {@code 1 − beta}) for every training
 * timestep. Computed in double precision; diffusers uses float32, so values agree to about 1e-6.
 */
public final class NoiseSchedule {

    private final double[] alphasCumprod;

    private NoiseSchedule(double[] alphasCumprod) {
        this.alphasCumprod = alphasCumprod;
    }

    /** The schedule a scheduler config describes. */
    public static NoiseSchedule of(SchedulerConfig config) {
        double[] betas = config.betaSchedule().betas(config.betaStart(), config.betaEnd(), config.numTrainTimesteps());
        double[] alphasCumprod = new double[betas.length];
        double product = 1.0;
        for (int t = 0; t < betas.length; t++) {
            product *= 1.0 - betas[t];
            alphasCumprod[t] = product;
        }
        return new NoiseSchedule(alphasCumprod);
    }

    /** How many timesteps the model was trained with. */
    public int trainTimesteps() {
        return alphasCumprod.length;
    }

    /** Alpha-bar at an integer training timestep: the share of signal variance left in a noised sample. */
    public double alphaCumprod(int timestep) {
        return alphasCumprod[timestep];
    }

    /**
     * The Karras-style noise level {@code sqrt((1 − a)/a)} at a possibly fractional timestep, linearly interpolated
     * between training timesteps like numpy's {@code interp} in diffusers' Euler schedulers.
     */
    public double sigma(double timestep) {
        if (timestep <= 0) {
            return sigmaAt(0);
        }
        int last = alphasCumprod.length - 1;
        if (timestep >= last) {
            return sigmaAt(last);
        }
        int below = (int) Math.floor(timestep);
        double fraction = timestep - below;
        return sigmaAt(below) + fraction * (sigmaAt(below + 1) - sigmaAt(below));
    }

    private double sigmaAt(int timestep) {
        double alpha = alphasCumprod[timestep];
        return Math.sqrt((1.0 - alpha) / alpha);
    }
}
