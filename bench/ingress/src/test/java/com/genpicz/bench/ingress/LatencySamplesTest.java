package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    @Test
    void percentilesUseTheNearestRankOfEverySample() {
        LatencySamples samples = new LatencySamples(1_000);
        for (int millis = 100; millis >= 1; millis--) {
            samples.record(millis * 1_000_000L);
        }

        double[] p = samples.percentilesMillis(50, 99, 100);

        assertThat(p).containsExactly(50.0, 99.0, 100.0);
    }

    @Test
    void samplesBeyondTheCapacityAreDroppedRatherThanFailing() {
        LatencySamples samples = new LatencySamples(2);
        samples.record(1_000_000);
        samples.record(2_000_000);
        samples.record(900_000_000);

        assertThat(samples.percentilesMillis(100)).containsExactly(2.0);
    }

    @Test
    void noSamplesGiveNaN() {
        assertThat(new LatencySamples(4).percentilesMillis(50)[0]).isNaN();
    }
}
