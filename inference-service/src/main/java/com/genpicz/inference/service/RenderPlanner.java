package com.genpicz.inference.service;

import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.styles.Style;
import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.inference.pipeline.RenderRequest;
import com.genpicz.inference.sampling.QualityProfiles;

/**
 * Turns what the customer asked for (prompt, style, quality, size, seed) into what the pipeline runs, with the
 * loaded model's own meaning of each quality name.
 */
public final class RenderPlanner {

    private final QualityProfiles qualities;

    public RenderPlanner(QualityProfiles qualities) {
        this.qualities = qualities;
    }

    public RenderRequest plan(GenerationSpec spec) {
        Style style = StyleCatalog.find(spec.style()).orElseGet(() -> StyleCatalog.find(StyleCatalog.DEFAULT_STYLE).orElseThrow());
        return RenderRequest.of(
                qualities.of(spec.quality()),
                style.applyTo(spec.prompt()),
                joinNegatives(spec.negativePrompt(), style.negativePrompt()),
                spec.width(),
                spec.height(),
                spec.seed());
    }

    private static String joinNegatives(String customer, String style) {
        boolean hasCustomer = customer != null && !customer.isBlank();
        boolean hasStyle = style != null && !style.isBlank();
        if (hasCustomer && hasStyle) {
            return customer + ", " + style;
        }
        return hasCustomer ? customer : hasStyle ? style : "";
    }
}
