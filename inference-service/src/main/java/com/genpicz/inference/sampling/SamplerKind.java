package com.genpicz.inference.sampling;

import java.util.Locale;

/** The samplers a render request may name. */
public enum SamplerKind {
    DDIM("ddim"),
    EULER_ANCESTRAL("euler_a");

    private final String wireName;

    SamplerKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in requests and quality profiles. */
    public String wireName() {
        return wireName;
    }

    /** Parses a request's sampler name ({@code ddim}, {@code euler_a}). */
    public static SamplerKind of(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (SamplerKind kind : values()) {
            if (kind.wireName.equals(lower)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown sampler: " + name + " (expected ddim or euler_a)");
    }

    /** A sampler of this kind for a model's scheduler and a step count. */
    public Sampler create(SchedulerConfig config, int steps) {
        return switch (this) {
            case DDIM -> new DdimSampler(config, steps);
            case EULER_ANCESTRAL -> new EulerAncestralSampler(config, steps);
        };
    }
}
