package com.genpicz.inference.sampling;

import com.genpicz.common.generations.Quality;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What each API quality name ({@code standard}, {@code hd}, {@code ultra}) means for one model. Models differ: a
 * Stable Diffusion checkpoint wants about 25 / 40 / 50 steps at guidance 7.5, a distilled one a few steps without
 * guidance, genpicz-mini guidance 2 (stronger guidance ruins its shapes). A model folder says so in
 * {@code model.json}; without that, {@link #DEFAULTS} apply (docs/inference.md).
 */
public record QualityProfiles(QualityProfile standard, QualityProfile hd, QualityProfile ultra) {

    /** The API's quality names, as requests and model.json spell them. */
    public static final List<String> NAMES = Arrays.stream(Quality.values()).map(Quality::wireName).toList();

    /** The settings for models whose model.json names none: sized for the tiny test model on a small CPU. */
    public static final QualityProfiles DEFAULTS = new QualityProfiles(
            new QualityProfile(4, 7.0, SamplerKind.DDIM),
            new QualityProfile(8, 7.5, SamplerKind.DDIM),
            new QualityProfile(12, 7.5, SamplerKind.EULER_ANCESTRAL));

    public QualityProfiles {
        Objects.requireNonNull(standard, "standard");
        Objects.requireNonNull(hd, "hd");
        Objects.requireNonNull(ultra, "ultra");
    }

    public QualityProfile of(Quality quality) {
        return switch (quality) {
            case STANDARD -> standard;
            case HD -> hd;
            case ULTRA -> ultra;
        };
    }

    /** The profile for {@code "standard"}, {@code "hd"} or {@code "ultra"} (any case), as model.json spells them. */
    public QualityProfile of(String quality) {
        String name = quality == null ? "" : quality.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "standard" -> standard;
            case "hd" -> hd;
            case "ultra" -> ultra;
            default -> throw new IllegalArgumentException(
                    "unknown quality: " + quality + " (expected " + String.join(", ", NAMES) + ")");
        };
    }
}
