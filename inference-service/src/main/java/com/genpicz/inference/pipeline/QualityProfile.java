package com.genpicz.inference.pipeline;

import java.util.Locale;

/**
 * The sampling settings behind the API's quality names (table in docs/inference.md). The step counts suit the
 * tiny test model on a small CPU; a real Stable Diffusion checkpoint wants roughly 25/40/50.
 */
public enum QualityProfile {
    STANDARD(4, 7.0, "ddim"),
    HD(8, 7.5, "ddim"),
    ULTRA(12, 7.5, "euler_a");

    private final int steps;
    private final double guidanceScale;
    private final String sampler;

    QualityProfile(int steps, double guidanceScale, String sampler) {
        this.steps = steps;
        this.guidanceScale = guidanceScale;
        this.sampler = sampler;
    }

    /** The profile for {@code "standard"}, {@code "hd"} or {@code "ultra"} (any case). */
    public static QualityProfile of(String quality) {
        String name = quality == null ? "" : quality.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "standard" -> STANDARD;
            case "hd" -> HD;
            case "ultra" -> ULTRA;
            default -> throw new IllegalArgumentException(
                    "unknown quality: " + quality + " (expected standard, hd or ultra)");
        };
    }

    public int steps() {
        return steps;
    }

    public double guidanceScale() {
        return guidanceScale;
    }

    /** The sampler name, as accepted by {@link RenderRequest#sampler()}. */
    public String sampler() {
        return sampler;
    }

    /** A request with this profile's sampling settings. */
    public RenderRequest request(String prompt, String negativePrompt, int width, int height, long seed) {
        return new RenderRequest(prompt, negativePrompt, width, height, steps, guidanceScale, seed, sampler);
    }
}
