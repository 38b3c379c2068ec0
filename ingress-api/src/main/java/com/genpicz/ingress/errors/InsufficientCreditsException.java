package com.genpicz.ingress.errors;

/** The account cannot pay for the request (402). */
public final class InsufficientCreditsException extends ApiException {
    public InsufficientCreditsException(String message) {
        super("insufficient_credits", message, null);
    }
}
