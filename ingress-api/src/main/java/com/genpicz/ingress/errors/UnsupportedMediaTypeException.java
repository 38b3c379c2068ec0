package com.genpicz.ingress.errors;

/** The body is not JSON (415). */
public final class UnsupportedMediaTypeException extends ApiException {
    public UnsupportedMediaTypeException(String message) {
        super("unsupported_media_type", message, "Content-Type");
    }
}
