package com.genpicz.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianNoiseTest {

    @Test
    void sameSeedGivesTheSameStream() {
        float[] first = new float[1001];
        float[] second = new float[1001];
        new GaussianNoise(42).fill(first);
        new GaussianNoise(42).fill(second);
        assertThat(second).containsExactly(first);
    }

    @Test
    void differentSeedsGiveDifferentStreams() {
        float[] first = new float[16];
        float[] second = new float[16];
        new GaussianNoise(1).fill(first);
        new GaussianNoise(2).fill(second);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void valuesAreStandardNormal() {
        GaussianNoise noise = new GaussianNoise(7);
        int count = 200_000;
        double sum = 0;
        double squares = 0;
        int beyondTwoSigma = 0;
        for (int i = 0; i < count; i++) {
            double value = noise.next();
            sum += value;
            squares += value * value;
            if (Math.abs(value) > 2) {
                beyondTwoSigma++;
            }
        }
        assertThat(sum / count).isCloseTo(0.0, within(0.01));
        assertThat(squares / count).isCloseTo(1.0, within(0.01));
        assertThat(beyondTwoSigma / (double) count).isCloseTo(0.0455, within(0.003));
    }
}
