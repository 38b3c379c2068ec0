package com.genpicz.ingress.errors;

/** The body exceeds the size limit (413). */
public final class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        super("payload_too_large", message, null);
    }
}
