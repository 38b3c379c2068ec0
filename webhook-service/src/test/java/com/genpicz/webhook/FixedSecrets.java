package com.genpicz.webhook;

import java.util.concurrent.CompletableFuture;

/** Signing secrets the way a test wants them, instead of ingress's internal API (which the service tests use). */
final class FixedSecrets implements SigningSecrets {

    private volatile Secrets secrets = new Secrets(WebhookTables.SECRET, null);

    /** From now on sign with {@code current} and, when not null, {@code previous} too. */
    void use(String current, String previous) {
        secrets = new Secrets(current, previous);
    }

    @Override
    public CompletableFuture<Secrets> of(String accountId) {
        return CompletableFuture.completedFuture(secrets);
    }
}
