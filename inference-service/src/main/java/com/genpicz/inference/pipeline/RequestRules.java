package com.genpicz.inference.pipeline;

import com.genpicz.inference.sampling.QualityProfile;
import com.genpicz.inference.sampling.SamplerKind;
import java.util.Set;

/** Which render requests the pipeline accepts; anything else fails early with {@code invalid_request}. */
final class RequestRules {

    static final Set<Integer> SIDES = Set.of(512, 768, 1024, 1280, 1920);

    private RequestRules() {}

    /** The request's batch shape, or a RenderException saying what is wrong with it. */
    static BatchShape check(RenderRequest request) {
        if (request == null) {
            throw invalid("request is null");
        }
        if (request.prompt() == null) {
            throw invalid("prompt is missing");
        }
        if (!SIDES.contains(request.width()) || !SIDES.contains(request.height())) {
            throw invalid("size " + request.width() + "x" + request.height() + " is not supported; each side must be one of "
                    + "512, 768, 1024, 1280, 1920");
        }
        if (request.steps() < 1 || request.steps() > QualityProfile.MAX_STEPS) {
            throw invalid("steps must be 1.." + QualityProfile.MAX_STEPS + ", was " + request.steps());
        }
        double guidance = request.guidanceScale();
        if (!Double.isFinite(guidance) || guidance < 0 || guidance > QualityProfile.MAX_GUIDANCE) {
            throw invalid("guidance_scale must be 0.." + QualityProfile.MAX_GUIDANCE + ", was " + guidance);
        }
        SamplerKind sampler;
        try {
            sampler = SamplerKind.of(request.sampler());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new BatchShape(request.width(), request.height(), request.steps(), sampler, guidance > 1.0);
    }

    private static RenderException invalid(String message) {
        return new RenderException(RenderException.INVALID_REQUEST, message);
    }
}
