package com.genpicz.common.generations;

/** The reference's bounds on a generate request, shared by the API's parser and every stage that checks an event. */
public final class RequestLimits {

    public static final int MAX_PROMPT = 1_500;
    public static final int MAX_NEGATIVE_PROMPT = 500;
    /** Seeds are unsigned 32-bit values, as most diffusion tooling uses. */
    public static final long MAX_SEED = 4_294_967_295L;
    public static final int MAX_WEBHOOK_URL = 2_048;

    private RequestLimits() {
    }
}
