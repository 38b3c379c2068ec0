package com.genpicz.common.config;

/**
 * The bearer token GenPicz services present to each other's internal APIs ({@code GENPICZ_INTERNAL_TOKEN}). In
 * production it must be set, and at least 24 characters; in development a fixed local one stands in, so the local
 * stacks start without configuration.
 */
public final class InternalToken {

    static final String DEVELOPMENT_DEFAULT = "genpicz-internal-development-token";

    private InternalToken() {
    }

    public static String from(Env env) {
        boolean production = !"development".equalsIgnoreCase(env.string("GENPICZ_MODE", "production"));
        String token = env.secret("GENPICZ_INTERNAL_TOKEN", production ? null : DEVELOPMENT_DEFAULT);
        if (token == null) {
            env.reject("GENPICZ_INTERNAL_TOKEN is required in production: the services authenticate to each other "
                    + "with it");
            return "";
        }
        if (token.length() < 24) {
            env.reject("GENPICZ_INTERNAL_TOKEN must be at least 24 characters");
        }
        if (production && token.equals(DEVELOPMENT_DEFAULT)) {
            env.reject("GENPICZ_INTERNAL_TOKEN must not be the development default in production");
        }
        return token;
    }
}
