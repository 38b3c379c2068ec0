package com.genpicz.inference.sampling;

import java.util.Objects;

/**
 * The sampling settings behind one of the API's quality names: how many denoising steps, how strong the
 * classifier-free guidance, which sampler.
 *
 * @param steps denoising steps, 1 to {@link #MAX_STEPS}
 * @param guidanceScale 0 to {@link #MAX_GUIDANCE}; at most 1 turns guidance (and the negative prompt) off
 * @param sampler the sampler
 */
public record QualityProfile(int steps, double guidanceScale, SamplerKind sampler) {

    public static final int MAX_STEPS = 150;
    public static final double MAX_GUIDANCE = 30.0;

    public QualityProfile {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be 1.." + MAX_STEPS + ", was " + steps);
        }
        if (!Double.isFinite(guidanceScale) || guidanceScale < 0 || guidanceScale > MAX_GUIDANCE) {
            throw new IllegalArgumentException("guidance_scale must be 0.." + MAX_GUIDANCE + ", was " + guidanceScale);
        }
        Objects.requireNonNull(sampler, "sampler");
    }
}
