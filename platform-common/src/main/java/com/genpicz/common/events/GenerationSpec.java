package com.genpicz.common.events;

import com.genpicz.common.generations.Quality;

/**
 * What the customer asked to be drawn, after validation and defaulting: every field is set, the seed included,
 * so that any service can reproduce the render from the event alone.
 */
public record GenerationSpec(
        String prompt,
        String negativePrompt,
        String style,
        int width,
        int height,
        Quality quality,
        long seed,
        boolean upscale) {
}
