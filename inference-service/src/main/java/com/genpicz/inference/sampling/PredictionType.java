package com.genpicz.inference.sampling;

import java.util.Locale;

/** What the UNet predicts, which decides how a sampler turns its output into a denoised estimate. */
public enum PredictionType {
    /** The noise that was added (SD 1.x, SD 2.x base). */
    EPSILON,
    /** The velocity {@code sqrt(a)·noise − sqrt(1−a)·x0} (SD 2.x 768-v). */
    V_PREDICTION;

    /** Parses the diffusers name ({@code epsilon}, {@code v_prediction}). */
    public static PredictionType of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "epsilon" -> EPSILON;
            case "v_prediction" -> V_PREDICTION;
            default -> throw new IllegalArgumentException("unsupported prediction_type: " + name);
        };
    }
}
