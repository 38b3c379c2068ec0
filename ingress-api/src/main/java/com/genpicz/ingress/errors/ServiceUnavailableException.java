package com.genpicz.ingress.errors;

/** A dependency (database, broker) is unreachable; the request was not accepted (503). */
public final class ServiceUnavailableException extends ApiException {
    public ServiceUnavailableException(String message) {
        super("service_unavailable", message, null);
    }
}
