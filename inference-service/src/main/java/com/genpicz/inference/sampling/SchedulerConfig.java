package com.genpicz.inference.sampling;

import java.util.Objects;

/**
 * The diffusers scheduler settings that the Java samplers understand (the {@code scheduler} object of model.json).
 *
 * @param setAlphaToOne diffusers' DDIM {@code set_alpha_to_one}: whether the step after the last one uses
 *     alpha-bar 1 (a clean image) or the first training alpha-bar
 */
public record SchedulerConfig(
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing,
        int stepsOffset,
        boolean setAlphaToOne) {

    public SchedulerConfig {
        if (numTrainTimesteps < 2) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 2, was " + numTrainTimesteps);
        }
        if (!(betaStart > 0 && betaEnd > betaStart && betaEnd < 1)) {
            throw new IllegalArgumentException("need 0 < beta_start < beta_end < 1, got " + betaStart + ", " + betaEnd);
        }
        Objects.requireNonNull(betaSchedule, "beta_schedule");
        Objects.requireNonNull(predictionType, "prediction_type");
        Objects.requireNonNull(timestepSpacing, "timestep_spacing");
        if (stepsOffset < 0) {
            throw new IllegalArgumentException("steps_offset must not be negative, was " + stepsOffset);
        }
    }

    /** Stable Diffusion 1.x's scheduler settings; a convenient default for tests. */
    public static SchedulerConfig stableDiffusion() {
        return new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, PredictionType.EPSILON,
                TimestepSpacing.LEADING, 1, false);
    }
}
