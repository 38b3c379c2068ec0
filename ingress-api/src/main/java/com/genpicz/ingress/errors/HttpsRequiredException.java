package com.genpicz.ingress.errors;

/** The request came over plain HTTP, which the API refuses (403). */
public final class HttpsRequiredException extends ApiException {
    public HttpsRequiredException() {
        super("https_required", "Requests must use HTTPS.", null);
    }
}
