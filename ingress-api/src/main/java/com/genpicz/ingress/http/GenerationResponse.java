package com.genpicz.ingress.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.genpicz.ingress.generations.Generation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A generation as the API reference shows it (generation_id … credits_used), plus the request's own parameters,
 * the completion time and, for failed generations, why.
 */
record GenerationResponse(
        String generationId,
        String status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String imageUrl,
        int width,
        int height,
        String style,
        long seed,
        String createdAt,
        int creditsUsed,
        String prompt,
        String negativePrompt,
        String quality,
        boolean upscale,
        String completedAt,
        ErrorBody.Detail error) {

    static GenerationResponse of(Generation g) {
        ErrorBody.Detail error = g.status().equals("failed")
                ? new ErrorBody.Detail(g.failureCode(), g.failureMessage(), null, null) : null;
        return new GenerationResponse(g.id(), g.status(), g.imageUrl(), g.spec().width(), g.spec().height(),
                g.spec().style(), g.spec().seed(), iso(g.createdAt()), g.creditsUsed(), g.spec().prompt(),
                g.spec().negativePrompt(), g.spec().quality().wireName(), g.spec().upscale(), iso(g.finishedAt()), error);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
