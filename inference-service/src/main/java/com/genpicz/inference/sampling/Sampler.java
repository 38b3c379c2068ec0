package com.genpicz.inference.sampling;

/**
 * A diffusion sampler configured for a fixed number of steps. The pipeline drives it: scale the initial noise by
 * {@link #initialNoiseScale()}, then for every step feed the UNet {@code sample·inputScale(i)} at
 * {@link #modelTimestep(int)} and combine with {@link #coefficients(int)}.
 */
public interface Sampler {

    /** How many denoising steps this sampler runs. */
    int steps();

    /** The timestep value the UNet is conditioned on at step {@code index} (0 = the noisiest). */
    float modelTimestep(int index);

    /** The standard deviation of the starting latent noise. */
    double initialNoiseScale();

    /** The factor applied to the sample before it goes into the UNet at step {@code index}. */
    double inputScale(int index);

    /** The update at step {@code index}. */
    StepCoefficients coefficients(int index);
}
