package com.genpicz.ingress.errors;

/**
 * A request the API refuses, with the machine-readable code and the parameter at fault. Each failure kind is its
 * own subclass; {@link com.genpicz.ingress.http.ErrorResponses} maps them to HTTP statuses in one place.
 */
public abstract sealed class ApiException extends RuntimeException
        permits InvalidRequestException, AuthenticationException, InsufficientCreditsException,
                PlanNotAllowedException, NotFoundException, RateLimitExceededException, ServiceUnavailableException,
                UnsupportedMediaTypeException, PayloadTooLargeException, ConflictException, HttpsRequiredException {

    private final String code;
    private final String param;

    protected ApiException(String code, String message, String param) {
        super(message, null, false, false);
        this.code = code;
        this.param = param;
    }

    public String code() {
        return code;
    }

    /** The request field, header or query parameter that caused the error, or null. */
    public String param() {
        return param;
    }
}
