package com.genpicz.ingress.errors;

/** The account's plan does not include the requested feature (403). */
public final class PlanNotAllowedException extends ApiException {
    public PlanNotAllowedException(String message, String param) {
        super("plan_not_allowed", message, param);
    }
}
