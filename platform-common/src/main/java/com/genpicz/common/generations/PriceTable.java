package com.genpicz.common.generations;

import com.genpicz.common.events.GenerationSpec;

/**
 * Credits per generation (docs/api.md has the table): one credit per started megapixel (1024×1024), doubled for
 * "ultra" quality, plus 4 for upscaling. The reference's example — 1024×1024, hd — costs 1 credit. The API quotes
 * it and accounting recomputes it from the request's own parameters, so a price on a topic is never believed.
 */
public final class PriceTable {

    /** The most any accepted request can cost: 1920×1920 ultra, upscaled. */
    public static final int MAX_CREDITS = 12;

    private static final long MEGAPIXEL = 1024L * 1024L;

    private PriceTable() {
    }

    public static int creditsFor(GenerationSpec spec) {
        long pixels = (long) spec.width() * spec.height();
        int megapixels = (int) ((pixels + MEGAPIXEL - 1) / MEGAPIXEL);
        int quality = spec.quality() == Quality.ULTRA ? 2 : 1;
        return megapixels * quality + (spec.upscale() ? 4 : 0);
    }
}
