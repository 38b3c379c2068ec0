package com.genpicz.inference.service;

import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.styles.Style;
import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.inference.pipeline.QualityProfile;
import com.genpicz.inference.pipeline.RenderRequest;

/** Turns what the customer asked for (prompt, style, quality, size, seed) into what the pipeline runs. */
public final class RenderPlanner {

    public RenderRequest plan(GenerationSpec spec) {
        Style style = StyleCatalog.find(spec.style()).orElseGet(() -> StyleCatalog.find(StyleCatalog.DEFAULT_STYLE).orElseThrow());
        QualityProfile quality = QualityProfile.of(spec.quality());
        return new RenderRequest(
                style.applyTo(spec.prompt()),
                joinNegatives(spec.negativePrompt(), style.negativePrompt()),
                spec.width(),
                spec.height(),
                quality.steps(),
                quality.guidanceScale(),
                spec.seed(),
                quality.sampler());
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
