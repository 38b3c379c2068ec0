package com.genpicz.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * accounting-service's internal HTTP API: credit grants, which ingress's admin API forwards here because credits
 * are accounting's alone; plus {@code /healthz}. Guarded by the internal token; keep the port inside the cluster.
 */
final class AccountingApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 500;
    private static final int MAX_GRANT_ID = 200;

    private final Javalin app;

    AccountingApi(CreditGrants grants, String token, int port) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 16 * 1024L;
            config.routes.before("/internal/*", ctx -> {
                String header = ctx.header("Authorization");
                String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).trim() : "";
                if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected)) {
                    error(ctx, 401, "invalid_internal_token", "A valid internal token is required.");
                    ctx.skipRemainingHandlers();
                }
            });
            config.routes.post("/internal/v1/accounts/{account}/grants", ctx -> grant(ctx, grants));
            config.routes.get("/healthz", ctx -> respond(ctx, 200, Map.of("status", "ok")));
            config.routes.exception(Exception.class, (e, ctx) ->
                    error(ctx, 503, "service_unavailable", "Credits cannot be granted right now."));
        });
        app.start("0.0.0.0", port);
    }

    int port() {
        return app.port();
    }

    private static void grant(Context ctx, CreditGrants grants) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.bodyAsBytes());
        } catch (java.io.IOException e) {
            error(ctx, 400, "invalid_request", "The body must be a JSON object.");
            return;
        }
        JsonNode amount = body == null ? null : body.get("amount");
        String reason = body == null ? null : body.path("reason").asText(null);
        String grantId = body == null ? null : body.path("grant_id").asText(null);
        if (amount == null || !amount.canConvertToLong() || !amount.isIntegralNumber()
                || reason == null || reason.length() > MAX_REASON
                || grantId == null || grantId.isBlank() || grantId.length() > MAX_GRANT_ID) {
            error(ctx, 400, "invalid_request", "'amount' (an integer), 'reason' (at most 500 characters) and "
                    + "'grant_id' (at most 200 characters; the same id is granted once) are required.");
            return;
        }
        String account = ctx.pathParam("account");
        Optional<Long> balance = grants.grant(account, grantId, amount.asLong(), reason);
        if (balance.isEmpty()) {
            error(ctx, 404, "not_found", "No account '" + account + "'.");
            return;
        }
        respond(ctx, 200, Map.of("account_id", account, "credits", balance.get()));
    }

    private static void respond(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    private static void error(Context ctx, int status, String code, String message) {
        try {
            respond(ctx, status, Map.of("error", Map.of("code", code, "message", message, "status", status)));
        } catch (Exception e) {
            ctx.status(status);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
