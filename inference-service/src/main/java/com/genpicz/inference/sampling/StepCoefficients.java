package com.genpicz.inference.sampling;

import ai.djl.ndarray.NDArray;
import java.util.function.Supplier;

/**
 * One sampler step reduced to a linear combination: {@code next = sample·A + modelOutput·B + noise·C}. Both
 * supported samplers (DDIM with eta 0, Euler ancestral) are linear in their inputs for a fixed step, so the
 * schedule math stays in plain Java and the tensors see three multiply-adds.
 *
 * @param sampleScale A, applied to the current sample
 * @param outputScale B, applied to the UNet's (guided) prediction
 * @param noiseScale C, applied to fresh standard-normal noise; 0 for deterministic steps
 */
public record StepCoefficients(double sampleScale, double outputScale, double noiseScale) {

    /** Applies the step to scalars; the reference tests compare this against diffusers' formulas. */
    public double apply(double sample, double modelOutput, double noise) {
        return sample * sampleScale + modelOutput * outputScale + noise * noiseScale;
    }

    /** Applies the step to tensors; {@code noise} is only asked for when this step adds noise. */
    public NDArray apply(NDArray sample, NDArray modelOutput, Supplier<NDArray> noise) {
        NDArray next = sample.mul((float) sampleScale).addi(modelOutput.mul((float) outputScale));
        if (noiseScale != 0.0) {
            next.addi(noise.get().muli((float) noiseScale));
        }
        return next;
    }
}
