package com.genpicz.ingress.errors;

/** No such resource for this account (404); other accounts' resources are reported the same way. */
public final class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        super("not_found", message, null);
    }
}
