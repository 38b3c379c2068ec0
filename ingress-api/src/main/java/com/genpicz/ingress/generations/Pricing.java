package com.genpicz.ingress.generations;

import com.genpicz.common.events.GenerationSpec;

/**
 * Credits per generation (docs/api.md has the table): one credit per started megapixel (1024×1024), doubled for
 * "ultra" quality, plus 4 for upscaling. The reference's example — 1024×1024, hd — costs 1 credit.
 */
public final class Pricing {

    private static final long MEGAPIXEL = 1024L * 1024L;

    private Pricing() {
    }

    public static int creditsFor(GenerationSpec spec) {
        long pixels = (long) spec.width() * spec.height();
        int megapixels = (int) ((pixels + MEGAPIXEL - 1) / MEGAPIXEL);
        int quality = spec.quality().equals("ultra") ? 2 : 1;
        return megapixels * quality + (spec.upscale() ? 4 : 0);
    }
}
