package com.genpicz.inference.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the samplers with numbers that reference/make_sampler_reference.py computed from diffusers' own
 * formulas (set_timesteps, scale_model_input, step) in float64.
 */
class SamplerReferenceTest {

    private static final double TOLERANCE = 1e-9;
    private static JsonNode reference;

    @BeforeAll
    static void readReference() throws IOException {
        try (InputStream in = SamplerReferenceTest.class.getResourceAsStream("/reference/sampler_reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    static Stream<String> cases() throws IOException {
        readReference();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < reference.get("cases").size(); i++) {
            JsonNode c = reference.get("cases").get(i);
            names.add(i + ": " + c.get("config").asText() + " " + c.get("sampler").asText() + " " + c.get("steps"));
        }
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesDiffusersFormulas(String name) {
        JsonNode c = reference.get("cases").get(Integer.parseInt(name.substring(0, name.indexOf(':'))));
        SchedulerConfig config = config(reference.get("configs").get(c.get("config").asText()));
        int steps = c.get("steps").asInt();
        Sampler sampler = SamplerKind.of(c.get("sampler").asText()).create(config, steps);

        assertThat(sampler.steps()).isEqualTo(steps);
        assertThat(sampler.initialNoiseScale()).isCloseTo(c.get("init_noise_sigma").asDouble(), within(TOLERANCE));
        double[] sample = doubles(reference.get("sample"));
        double[] output = doubles(reference.get("model_output"));
        double[] noise = doubles(reference.get("noise"));
        for (int i = 0; i < steps; i++) {
            assertThat((double) sampler.modelTimestep(i)).as("timestep %d", i)
                    .isCloseTo(c.get("timesteps").get(i).asDouble(), within(1e-4));
            assertThat(sampler.inputScale(i)).as("input scale %d", i)
                    .isCloseTo(c.get("input_scales").get(i).asDouble(), within(TOLERANCE));
            StepCoefficients coefficients = sampler.coefficients(i);
            double[] expected = doubles(c.get("step_outputs").get(i));
            for (int k = 0; k < sample.length; k++) {
                assertThat(coefficients.apply(sample[k], output[k], noise[k])).as("step %d element %d", i, k)
                        .isCloseTo(expected[k], within(TOLERANCE * Math.max(1, Math.abs(expected[k]))));
            }
        }
    }

    @Test
    @DisplayName("alpha-bar of the SD 1.x schedule matches the reference at sampled timesteps")
    void alphasCumprodMatchReference() {
        NoiseSchedule schedule = NoiseSchedule.of(SchedulerConfig.stableDiffusion());
        reference.get("sd15_alphas_cumprod").fields().forEachRemaining(entry ->
                assertThat(schedule.alphaCumprod(Integer.parseInt(entry.getKey())))
                        .isCloseTo(entry.getValue().asDouble(), within(1e-12)));
    }

    @Test
    void eulerAncestralSigmasMatchReference() {
        JsonNode c = reference.get("cases").get(3); // sd15 euler_a 4 steps
        assertThat(c.get("sampler").asText()).isEqualTo("euler_a");
        EulerAncestralSampler sampler = new EulerAncestralSampler(config(reference.get("configs").get("sd15")), 4);
        for (int i = 0; i <= 4; i++) {
            assertThat(sampler.sigma(i)).isCloseTo(c.get("sigmas").get(i).asDouble(), within(TOLERANCE));
        }
    }

    private static SchedulerConfig config(JsonNode json) {
        return new SchedulerConfig(json.get("num_train_timesteps").asInt(), json.get("beta_start").asDouble(),
                json.get("beta_end").asDouble(), BetaSchedule.of(json.get("beta_schedule").asText()),
                PredictionType.of(json.get("prediction_type").asText()),
                TimestepSpacing.of(json.get("timestep_spacing").asText()), json.get("steps_offset").asInt(),
                json.get("set_alpha_to_one").asBoolean());
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
