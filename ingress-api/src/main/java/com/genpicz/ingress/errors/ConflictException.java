package com.genpicz.ingress.errors;

/** The request conflicts with an earlier one, e.g. an Idempotency-Key reused with another body (409). */
public final class ConflictException extends ApiException {
    public ConflictException(String code, String message, String param) {
        super(code, message, param);
    }
}
