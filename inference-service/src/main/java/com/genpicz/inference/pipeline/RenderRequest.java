package com.genpicz.inference.pipeline;

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
                            double guidanceScale, long seed, String sampler) {}
