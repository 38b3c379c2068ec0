package com.genpicz.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where the secrets that sign an account's webhooks come from. */
interface SigningSecrets {

    /** What the signatures of one delivery use: the current secret and, during a rotation's overlap, the previous. */
    record Secrets(String current, String previous) {
        List<String> all() {
            List<String> secrets = new ArrayList<>(List.of(current));
            if (previous != null) {
                secrets.add(previous);
            }
            return secrets;
        }
    }

    CompletableFuture<Secrets> of(String accountId);
}
