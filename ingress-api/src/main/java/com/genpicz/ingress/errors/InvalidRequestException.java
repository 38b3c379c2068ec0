package com.genpicz.ingress.errors;

/** The request is malformed or a parameter is invalid (400). */
public final class InvalidRequestException extends ApiException {
    public InvalidRequestException(String code, String message, String param) {
        super(code, message, param);
    }
}
