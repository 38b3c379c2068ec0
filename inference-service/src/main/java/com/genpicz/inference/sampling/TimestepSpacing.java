package com.genpicz.inference.sampling;

import java.util.Locale;

/** How diffusers picks the inference timesteps out of the training timesteps (its {@code timestep_spacing}). */
public enum TimestepSpacing {
    /** Multiples of {@code train/steps} counted up from 0, plus steps_offset (SD 1.x, SD 2.x). */
    LEADING,
    /** Multiples of {@code train/steps} counted down from the last training timestep (SD Turbo, zero-SNR models). */
    TRAILING,
    /** Evenly spaced from 0 to the last training timestep. */
    LINSPACE;

    /** Parses the diffusers name ({@code leading}, {@code trailing}, {@code linspace}). */
    public static TimestepSpacing of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "leading" -> LEADING;
            case "trailing" -> TRAILING;
            case "linspace" -> LINSPACE;
            default -> throw new IllegalArgumentException("unsupported timestep_spacing: " + name);
        };
    }

    /**
     * The inference timesteps, highest first, exactly as diffusers computes them. numpy rounds half to even, hence
     * {@link Math#rint}.
     *
     * @param roundLinspace DDIM rounds linspace timesteps to integers; the Euler schedulers keep them fractional
     */
    double[] timesteps(int trainSteps, int steps, int stepsOffset, boolean roundLinspace) {
        double[] timesteps = new double[steps];
        switch (this) {
            case LEADING -> {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[steps - 1 - i] = (double) i * ratio + stepsOffset;
                }
            }
            case TRAILING -> {
                double ratio = (double) trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    timesteps[i] = Math.rint(trainSteps - i * ratio) - 1;
                }
            }
            case LINSPACE -> {
                double last = trainSteps - 1;
                double step = steps == 1 ? 0 : last / (steps - 1);
                for (int i = 0; i < steps; i++) {
                    double value = (steps > 1 && i == steps - 1) ? last : i * step;
                    timesteps[steps - 1 - i] = roundLinspace ? Math.rint(value) : value;
                }
            }
        }
        return timesteps;
    }
}
