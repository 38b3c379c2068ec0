package com.genpicz.ingress.http;

import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.webhooks.WebhookDeliveriesClient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a customer can do about their webhooks: read every delivery of a generation with its attempts, have one sent
 * again (same id, fresh timestamp and signature), and rotate the signing secret with an overlap in which both the
 * old and the new one sign.
 */
final class WebhookRoutes {

    private final GenerationService generations;
    private final AccountStore accounts;
    private final WebhookDeliveriesClient deliveries;
    private final Duration secretOverlap;

    WebhookRoutes(GenerationService generations, AccountStore accounts, WebhookDeliveriesClient deliveries,
                  Duration secretOverlap) {
        this.generations = generations;
        this.accounts = accounts;
        this.deliveries = deliveries;
        this.secretOverlap = secretOverlap;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/generations/{id}/webhook-deliveries", this::list);
        routes.post("/v1/generations/{id}/webhook-deliveries/{deliveryId}/redeliver", this::redeliver);
        routes.post("/v1/account/webhook-secret/rotate", this::rotate);
    }

    private void list(Context ctx) {
        String accountId = ownerOf(ctx);
        Json.respond(ctx, 200, deliveries.deliveries(accountId, ctx.pathParam("id")));
    }

    private void redeliver(Context ctx) {
        String accountId = ownerOf(ctx);
        Json.respond(ctx, 202, deliveries.redeliver(accountId, ctx.pathParam("id"), ctx.pathParam("deliveryId")));
    }

    private void rotate(Context ctx) {
        String accountId = ApiServer.caller(ctx).accountId();
        AccountStore.WebhookSecrets secrets = accounts.rotateWebhookSecret(accountId, secretOverlap)
                .orElseThrow(() -> new NotFoundException("The account no longer exists."));
        ctx.header("Cache-Control", "no-store");
        Json.respond(ctx, 200, rotated(secrets));
    }

    /** The body of a rotation, for the customer and the admin API alike: the new secret, shown this once. */
    static Map<String, Object> rotated(AccountStore.WebhookSecrets secrets) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhook_secret", secrets.current());
        body.put("previous_secret_valid_until", secrets.previousUntil() == null ? null : secrets.previousUntil().toString());
        return body;
    }

    /** The caller's account, once the generation is known to be theirs (another account's is not found). */
    private String ownerOf(Context ctx) {
        return generations.find(ApiServer.caller(ctx), ctx.pathParam("id")).accountId();
    }
}
