package com.genpicz.ingress.errors;

/** The key used up its requests for the current minute (429). */
public final class RateLimitExceededException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitExceededException(int limit, long retryAfterSeconds) {
        super("rate_limit_exceeded", "You have exceeded " + limit + " requests per minute.", null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
