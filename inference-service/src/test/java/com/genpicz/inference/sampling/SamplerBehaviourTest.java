package com.genpicz.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class SamplerBehaviourTest {

    @Test
    void tensorStepEqualsScalarStep() {
        StepCoefficients coefficients = new StepCoefficients(0.9, -0.4, 0.25);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray sample = manager.create(new float[] {1.5f, -2f, 0.25f});
            NDArray output = manager.create(new float[] {0.5f, 0.75f, -1f});
            float[] noise = {0.1f, -0.3f, 2f};
            float[] next = coefficients.apply(sample, output, () -> manager.create(noise)).toFloatArray();
            float[] sampleValues = {1.5f, -2f, 0.25f};
            float[] outputValues = {0.5f, 0.75f, -1f};
            for (int i = 0; i < next.length; i++) {
                assertThat((double) next[i])
                        .isCloseTo(coefficients.apply(sampleValues[i], outputValues[i], noise[i]), within(1e-6));
            }
        }
    }

    @Test
    void deterministicStepNeverAsksForNoise() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray sample = manager.create(new float[] {1f});
            new StepCoefficients(1, 1, 0).apply(sample, sample, () -> {
                throw new AssertionError("noise requested by a deterministic step");
            });
        }
    }

    @Test
    void ddimLastStepOfManyStepsLandsOnAnAlmostCleanSample() {
        DdimSampler sampler = new DdimSampler(SchedulerConfig.stableDiffusion(), 50);
        StepCoefficients last = sampler.coefficients(49);
        // From t=1 to "t=-19" (alpha-bar of t=0): almost the identity on the sample.
        assertThat(last.sampleScale()).isCloseTo(1.0, within(1e-3));
        assertThat(last.noiseScale()).isZero();
    }

    @Test
    void eulerAncestralEndsAtZeroNoise() {
        EulerAncestralSampler sampler = new EulerAncestralSampler(SchedulerConfig.stableDiffusion(), 8);
        assertThat(sampler.sigma(8)).isZero();
        assertThat(sampler.coefficients(7).noiseScale()).isZero();
        assertThat(sampler.coefficients(0).noiseScale()).isPositive();
    }

    @Test
    void unknownNamesAreRejected() {
        assertThatThrownBy(() -> SamplerKind.of("plms")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BetaSchedule.of("cosine")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimestepSpacing.of("karras")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DdimSampler(SchedulerConfig.stableDiffusion(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
