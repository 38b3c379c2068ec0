package com.genpicz.inference.sampling;

/** diffusers' {@code EulerAncestralDiscreteScheduler}: an Euler step to a lower noise level, plus fresh noise. */
public final class EulerAncestralSampler implements Sampler {

    private final SchedulerConfig config;
    private final double[] timesteps;
    private final double[] sigmas;

    /** An Euler-ancestral sampler for {@code steps} steps (at most the training timestep count). */
    public EulerAncestralSampler(SchedulerConfig config, int steps) {
        DdimSampler.checkSteps(config, steps);
        this.config = config;
        NoiseSchedule schedule = NoiseSchedule.of(config);
        this.timesteps = config.timestepSpacing()
                .timesteps(config.numTrainTimesteps(), steps, config.stepsOffset(), false);
        this.sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = schedule.sigma(timesteps[i]);
        }
        sigmas[steps] = 0.0;
    }

    @Override
    public int steps() {
        return timesteps.length;
    }

    @Override
    public float modelTimestep(int index) {
        return (float) timesteps[index];
    }

    /** The noise level at step {@code index}; index {@code steps()} is the final 0. */
    public double sigma(int index) {
        return sigmas[index];
    }

    @Override
    public double initialNoiseScale() {
        double maxSigma = 0.0;
        for (double sigma : sigmas) {
            maxSigma = Math.max(maxSigma, sigma);
        }
        // diffusers' choice: leading spacing never reaches the last training timestep, so it adds the unit variance.
        return config.timestepSpacing() == TimestepSpacing.LEADING
                ? Math.sqrt(maxSigma * maxSigma + 1.0)
                : maxSigma;
    }

    @Override
    public double inputScale(int index) {
        return 1.0 / Math.sqrt(sigmas[index] * sigmas[index] + 1.0);
    }

    @Override
    public StepCoefficients coefficients(int index) {
        double from = sigmas[index];
        double to = sigmas[index + 1];
        double up = Math.sqrt(to * to * (from * from - to * to) / (from * from));
        double down = Math.sqrt(to * to - up * up);
        double dt = down - from;
        // next = sample + dt·(sample − x0)/sigma + up·noise, with x0 written in terms of the sample and the output.
        return switch (config.predictionType()) {
            case EPSILON -> new StepCoefficients(1.0, dt, up);
            case V_PREDICTION -> {
                double variance = from * from + 1.0;
                yield new StepCoefficients(1.0 + dt * from / variance, dt / Math.sqrt(variance), up);
            }
        };
    }
}
