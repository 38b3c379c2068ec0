package com.genpicz.ingress.errors;

/** The API key is missing, malformed, unknown or revoked (401). */
public final class AuthenticationException extends ApiException {
    public AuthenticationException(String code, String message) {
        super(code, message, "Authorization");
    }
}
