package com.genpicz.inference.sampling;

import java.util.Locale;

/** How diffusers spreads the noise variances (betas) over the training timesteps. */
public enum BetaSchedule {
    /** Betas evenly spaced from beta_start to beta_end. */
    LINEAR,
    /** Square roots of the betas evenly spaced, then squared: Stable Diffusion's schedule. */
    SCALED_LINEAR;

    /** Parses the diffusers name ({@code linear}, {@code scaled_linear}). */
    public static BetaSchedule of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear" -> LINEAR;
            case "scaled_linear" -> SCALED_LINEAR;
            default -> throw new IllegalArgumentException("unsupported beta_schedule: " + name);
        };
    }

    /** The betas for {@code count} training timesteps. */
    double[] betas(double start, double end, int count) {
        double[] betas = new double[count];
        double from = this == LINEAR ? start : Math.sqrt(start);
        double to = this == LINEAR ? end : Math.sqrt(end);
        double step = (to - from) / (count - 1);
        for (int i = 0; i < count; i++) {
            double value = i == count - 1 ? to : from + i * step;
            betas[i] = this == LINEAR ? value : value * value;
        }
        return betas;
    }
}
