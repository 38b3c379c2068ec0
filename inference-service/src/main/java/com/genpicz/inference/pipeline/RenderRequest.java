package com.genpicz.inference.pipeline;

import com.genpicz.inference.sampling.QualityProfile;

/**
 * What to render. The same request (seed included) always gives the same PNG bytes on the same machine.
 *
 * @param prompt what the image should show
 * @param negativePrompt what it should not show; null or empty means the unconditional prompt ""
 * @param width pixels, one of 512, 768, 1024, 1280, 1920
 * @param height pixels, one of 512, 768, 1024, 1280, 1920
 * @param steps denoising steps, 1 to 150
 * @param guidanceScale classifier-free guidance weight, 0 to 30; at most 1 turns guidance (and the negative
 *     prompt) off, as diffusers does
 * @param seed the starting noise
 * @param sampler {@code "ddim"} or {@code "euler_a"}
 */
public record RenderRequest(String prompt, String negativePrompt, int width, int height, int steps,
                            double guidanceScale, long seed, String sampler) {

    /** A request with a quality profile's steps, guidance and sampler. */
    public static RenderRequest of(QualityProfile quality, String prompt, String negativePrompt, int width, int height,
            long seed) {
        return new RenderRequest(prompt, negativePrompt, width, height, quality.steps(), quality.guidanceScale(), seed,
                quality.sampler().wireName());
    }
}
