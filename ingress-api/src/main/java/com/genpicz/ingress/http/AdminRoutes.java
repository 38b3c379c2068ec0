package com.genpicz.ingress.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountOpening;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.auth.ApiKeys;
import com.genpicz.ingress.auth.CallerCache;
import com.genpicz.ingress.errors.AuthenticationException;
import com.genpicz.ingress.errors.ConflictException;
import com.genpicz.ingress.errors.InvalidRequestException;
import com.genpicz.ingress.errors.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * The operators' API under {@code /admin/v1}, guarded by one admin token compared in constant time. Without a
 * configured token the admin API does not exist (404), so a deployment cannot leave it open by accident.
 */
final class AdminRoutes {

    private final AccountStore accounts;
    private final AccountOpening opening;
    private final CallerCache callers;
    private final byte[] adminToken;
    private final java.time.Duration secretOverlap;

    AdminRoutes(AccountStore accounts, AccountOpening opening, CallerCache callers, String adminToken,
                java.time.Duration secretOverlap) {
        this.secretOverlap = secretOverlap;
        this.accounts = accounts;
        this.opening = opening;
        this.callers = callers;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    void register(RoutesConfig routes) {
        if (adminToken == null) {
            return;
        }
        routes.before("/admin/*", this::authenticate);
        routes.post("/admin/v1/accounts", this::createAccount);
        routes.post("/admin/v1/accounts/{id}/api-keys", this::createKey);
        routes.delete("/admin/v1/api-keys/{keyId}", this::revokeKey);
        routes.post("/admin/v1/accounts/{id}/credits", this::grantCredits);
        routes.patch("/admin/v1/accounts/{id}", this::changePlan);
        routes.post("/admin/v1/accounts/{id}/webhook-secret/rotate", this::rotateWebhookSecret);
        routes.get("/admin/v1/accounts/{id}", ctx -> Json.respond(ctx, 200, view(find(ctx.pathParam("id")))));
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken)) {
            throw new AuthenticationException("invalid_admin_token", "A valid admin token is required.");
        }
    }

    private void createAccount(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, Set.of("email", "plan", "credits"));
        String email = Requests.requiredText(body, "email");
        if (!email.contains("@")) {
            throw new InvalidRequestException("invalid_email", "email must be an e-mail address.", "email");
        }
        Plan plan = plan(body);
        long credits = orZero(Requests.optionalLong(body, "credits", 0, 1_000_000_000L));
        if (accounts.findByEmail(email).isPresent()) {
            throw new ConflictException("email_taken", "An account with this email already exists.", "email");
        }
        Json.respond(ctx, 201, view(opening.open(email, plan, credits)));
    }

    private void createKey(Context ctx) {
        Account account = find(ctx.pathParam("id"));
        String keyId = Identifiers.apiKeyId();
        ApiKeys.NewApiKey key = accounts.createApiKey(account.id(), keyId);
        Json.respond(ctx, 201, Map.of("key_id", keyId, "api_key", key.plaintext(), "account_id", account.id()));
    }

    private void revokeKey(Context ctx) {
        String keyId = ctx.pathParam("keyId");
        if (!accounts.revokeApiKey(keyId)) {
            throw new NotFoundException("No API key with id '" + keyId + "'.");
        }
        callers.forgetKey(keyId);
        Json.respond(ctx, 200, Map.of("key_id", keyId, "revoked", true));
    }

    private void grantCredits(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, Set.of("amount", "reason"));
        Long amount = Requests.optionalLong(body, "amount", -1_000_000_000L, 1_000_000_000L);
        if (amount == null || amount == 0) {
            throw new InvalidRequestException("missing_parameter", "amount is required and must not be 0.", "amount");
        }
        String reason = body.hasNonNull("reason") ? Requests.requiredText(body, "reason") : "admin grant";
        Json.respond(ctx, 200, view(opening.grant(ctx.pathParam("id"), grantId(ctx), amount, reason)
                .orElseThrow(() -> accountNotFound(ctx.pathParam("id")))));
    }

    /**
     * The operator's {@code Idempotency-Key} makes a retried grant (after a timeout, say) apply once; without one
     * every request is a new grant. Scoped to the account, so one key cannot collide with another account's.
     */
    private static String grantId(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            return java.util.UUID.randomUUID().toString();
        }
        if (key.length() > 128) {
            throw new InvalidRequestException("invalid_parameter", "Idempotency-Key is at most 128 characters.",
                    "Idempotency-Key");
        }
        return "admin:" + ctx.pathParam("id") + ":" + key.trim();
    }

    private void changePlan(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, Set.of("plan", "rate_limit_per_minute"));
        Plan plan = plan(body);
        Long limit = Requests.optionalLong(body, "rate_limit_per_minute", 1, 1_000_000);
        if (limit != null && plan != Plan.ENTERPRISE) {
            throw new InvalidRequestException("invalid_parameter",
                    "rate_limit_per_minute can only be set on the enterprise plan.", "rate_limit_per_minute");
        }
        Account changed = accounts.changePlan(ctx.pathParam("id"), plan, limit == null ? null : limit.intValue())
                .orElseThrow(() -> accountNotFound(ctx.pathParam("id")));
        callers.forgetAccount(changed.id());
        Json.respond(ctx, 200, view(changed));
    }

    private void rotateWebhookSecret(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.respond(ctx, 200, WebhookRoutes.rotated(accounts.rotateWebhookSecret(ctx.pathParam("id"), secretOverlap)
                .orElseThrow(() -> accountNotFound(ctx.pathParam("id")))));
    }

    private static Plan plan(ObjectNode body) {
        String id = Requests.requiredText(body, "plan");
        return Plan.fromId(id).orElseThrow(() -> new InvalidRequestException("invalid_plan",
                "plan must be one of starter, pro, studio, enterprise.", "plan"));
    }

    private Account find(String accountId) {
        return accounts.find(accountId).orElseThrow(() -> accountNotFound(accountId));
    }

    private static NotFoundException accountNotFound(String accountId) {
        return new NotFoundException("No account with id '" + accountId + "'.");
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static AdminAccount view(Account account) {
        return new AdminAccount(account.id(), account.email(), account.plan().id(), account.credits(),
                account.requestsPerMinute(), account.webhookSecret(), account.createdAt().toString());
    }

    record AdminAccount(String accountId, String email, String plan, long credits, int rateLimitPerMinute,
                        String webhookSecret, String createdAt) {
    }
}
