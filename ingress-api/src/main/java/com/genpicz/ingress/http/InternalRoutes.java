package com.genpicz.ingress.http;

import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.errors.AuthenticationException;
import com.genpicz.ingress.errors.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API other GenPicz services call, under {@code /internal/v1}, guarded by the cluster's internal token (compared
 * in constant time). webhook-service reads the signing secrets here, since secrets never travel on a topic. Keep
 * {@code /internal} unreachable from outside the cluster (docs/deployment.md).
 */
final class InternalRoutes {

    private final AccountStore accounts;
    private final byte[] token;

    InternalRoutes(AccountStore accounts, String token) {
        this.accounts = accounts;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void register(RoutesConfig routes) {
        routes.before("/internal/*", this::authenticate);
        routes.get("/internal/v1/accounts/{id}/webhook-secrets", this::webhookSecrets);
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            throw new AuthenticationException("invalid_internal_token", "A valid internal token is required.");
        }
    }

    private void webhookSecrets(Context ctx) {
        AccountStore.WebhookSecrets secrets = accounts.webhookSecrets(ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundException("No account with id '" + ctx.pathParam("id") + "'."));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("current", secrets.current());
        body.put("previous", secrets.previous());
        body.put("previous_until", secrets.previousUntil() == null ? null : secrets.previousUntil().toString());
        ctx.header("Cache-Control", "no-store");
        Json.respond(ctx, 200, body);
    }
}
