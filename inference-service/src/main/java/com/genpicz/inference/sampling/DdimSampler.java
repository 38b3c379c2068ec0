package com.genpicz.inference.sampling;

/**
 * diffusers' {@code DDIMScheduler} with eta 0 (deterministic), no sample clipping and no thresholding, which is
 * how Stable Diffusion's configs use it.
 */
public final class DdimSampler implements Sampler {

    private final SchedulerConfig config;
    private final NoiseSchedule schedule;
    private final double[] timesteps;
    private final int stepRatio;

    /** A DDIM sampler for {@code steps} steps (at most the training timestep count). */
    public DdimSampler(SchedulerConfig config, int steps) {
        checkSteps(config, steps);
        this.config = config;
        this.schedule = NoiseSchedule.of(config);
        this.timesteps = config.timestepSpacing()
                .timesteps(config.numTrainTimesteps(), steps, config.stepsOffset(), true);
        this.stepRatio = config.numTrainTimesteps() / steps;
    }

    static void checkSteps(SchedulerConfig config, int steps) {
        if (steps < 1 || steps > config.numTrainTimesteps()) {
            throw new IllegalArgumentException(
                    "steps must be in 1.." + config.numTrainTimesteps() + ", was " + steps);
        }
    }

    @Override
    public int steps() {
        return timesteps.length;
    }

    @Override
    public float modelTimestep(int index) {
        return (float) timesteps[index];
    }

    @Override
    public double initialNoiseScale() {
        return 1.0;
    }

    @Override
    public double inputScale(int index) {
        return 1.0;
    }

    @Override
    public StepCoefficients coefficients(int index) {
        int timestep = (int) timesteps[index];
        // diffusers always steps back by train/steps, whatever the spacing; below 0 it uses the "final" alpha-bar.
        int previous = timestep - stepRatio;
        double alpha = schedule.alphaCumprod(timestep);
        double alphaPrevious = previous >= 0
                ? schedule.alphaCumprod(previous)
                : (config.setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0));
        double signal = Math.sqrt(alpha);
        double noise = Math.sqrt(1.0 - alpha);
        double signalPrevious = Math.sqrt(alphaPrevious);
        double noisePrevious = Math.sqrt(1.0 - alphaPrevious);
        // next = sqrt(a_prev)·x0 + sqrt(1 − a_prev)·eps, with x0 and eps written in terms of the sample and the output.
        return switch (config.predictionType()) {
            case EPSILON -> new StepCoefficients(
                    signalPrevious / signal, noisePrevious - signalPrevious * noise / signal, 0.0);
            case V_PREDICTION -> new StepCoefficients(
                    signalPrevious * signal + noisePrevious * noise, noisePrevious * signal - signalPrevious * noise, 0.0);
        };
    }
}
