package com.genpicz.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.inference.sampling.BetaSchedule;
import com.genpicz.inference.sampling.PredictionType;
import com.genpicz.inference.sampling.QualityProfile;
import com.genpicz.inference.sampling.QualityProfiles;
import com.genpicz.inference.sampling.SamplerKind;
import com.genpicz.inference.sampling.SchedulerConfig;
import com.genpicz.inference.sampling.TimestepSpacing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The numbers in a model folder's {@code model.json} (see docs/model-format.md). */
public record ModelConfig(
        String name,
        int latentChannels,
        int vaeScaleFactor,
        double vaeScalingFactor,
        int nativeResolution,
        int latentMultiple,
        int maxTokenLength,
        long padTokenId,
        SchedulerConfig scheduler,
        QualityProfiles qualityProfiles) {

    public ModelConfig {
        Objects.requireNonNull(qualityProfiles, "qualityProfiles");
        requirePositive("latent_channels", latentChannels);
        requirePositive("vae_scale_factor", vaeScaleFactor);
        requirePositive("native_resolution", nativeResolution);
        requirePositive("latent_multiple", latentMultiple);
        requirePositive("max_token_length", maxTokenLength);
        if (!(vaeScalingFactor > 0)) {
            throw new IllegalArgumentException("vae_scaling_factor must be positive, was " + vaeScalingFactor);
        }
    }

    /** Reads {@code model.json} from a model folder. */
    public static ModelConfig read(Path modelDir) {
        Path file = modelDir.resolve("model.json");
        try {
            return fromJson(new ObjectMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static ModelConfig fromJson(JsonNode json) {
        JsonNode scheduler = required(json, "scheduler");
        return new ModelConfig(
                json.path("name").asText("unnamed"),
                required(json, "latent_channels").asInt(),
                required(json, "vae_scale_factor").asInt(),
                required(json, "vae_scaling_factor").asDouble(),
                required(json, "native_resolution").asInt(),
                json.path("latent_multiple").asInt(1),
                required(json, "max_token_length").asInt(),
                required(json, "pad_token_id").asLong(),
                new SchedulerConfig(
                        required(scheduler, "num_train_timesteps").asInt(),
                        required(scheduler, "beta_start").asDouble(),
                        required(scheduler, "beta_end").asDouble(),
                        BetaSchedule.of(scheduler.path("beta_schedule").asText("scaled_linear")),
                        PredictionType.of(scheduler.path("prediction_type").asText("epsilon")),
                        TimestepSpacing.of(scheduler.path("timestep_spacing").asText("leading")),
                        scheduler.path("steps_offset").asInt(0),
                        scheduler.path("set_alpha_to_one").asBoolean(false)),
                qualityProfiles(json.path("quality_profiles")));
    }

    /** A model's own quality profiles; a quality it does not name keeps the default. */
    private static QualityProfiles qualityProfiles(JsonNode json) {
        QualityProfiles defaults = QualityProfiles.DEFAULTS;
        if (json.isMissingNode() || json.isNull()) {
            return defaults;
        }
        json.fieldNames().forEachRemaining(name -> {
            if (!QualityProfiles.NAMES.contains(name)) {
                throw new IllegalArgumentException("quality_profiles." + name + " is not a quality (expected "
                        + String.join(", ", QualityProfiles.NAMES) + ")");
            }
        });
        return new QualityProfiles(
                qualityProfile(json, "standard", defaults.standard()),
                qualityProfile(json, "hd", defaults.hd()),
                qualityProfile(json, "ultra", defaults.ultra()));
    }

    private static QualityProfile qualityProfile(JsonNode profiles, String name, QualityProfile fallback) {
        JsonNode json = profiles.get(name);
        if (json == null) {
            return fallback;
        }
        try {
            return new QualityProfile(
                    required(json, "steps").asInt(),
                    required(json, "guidance_scale").asDouble(),
                    SamplerKind.of(required(json, "sampler").asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("quality_profiles." + name + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("model.json lacks \"" + field + "\"");
        }
        return value;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
