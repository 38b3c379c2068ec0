package com.genpicz.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * webhook-service's internal HTTP API, which ingress calls for the public delivery-log and redelivery endpoints
 * (after it checked the generation belongs to the caller), guarded by the internal token; plus {@code /healthz}.
 * Metrics and readiness are on the operations port. Keep this port inside the cluster.
 */
final class WebhookApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Javalin app;

    WebhookApi(DeliveryStore store, Runnable wakeDispatcher, String token, int port) {
        byte[] expected = token.getBytes(StandardCharsets.UTF_8);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before("/internal/*", ctx -> {
                String header = ctx.header("Authorization");
                String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).trim() : "";
                if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected)) {
                    error(ctx, 401, "invalid_internal_token", "A valid internal token is required.");
                    ctx.skipRemainingHandlers();
                }
            });
            config.routes.get("/internal/v1/generations/{generation}/webhook-deliveries", ctx -> {
                List<DeliveryStore.Logged> log = store.log(account(ctx), ctx.pathParam("generation"));
                respond(ctx, 200, Map.of("object", "list", "data", log.stream().map(WebhookApi::view).toList()));
            });
            config.routes.post("/internal/v1/generations/{generation}/webhook-deliveries/{delivery}/redeliver", ctx -> {
                var redelivered = store.redeliver(account(ctx), ctx.pathParam("generation"), ctx.pathParam("delivery"));
                if (redelivered.isEmpty()) {
                    error(ctx, 404, "not_found", "No webhook delivery '" + ctx.pathParam("delivery")
                            + "' for this generation.");
                    return;
                }
                wakeDispatcher.run();
                respond(ctx, 202, view(redelivered.get()));
            });
            config.routes.get("/healthz", ctx -> respond(ctx, 200, Map.of("status", "ok")));
            config.routes.exception(Exception.class, (e, ctx) ->
                    error(ctx, 503, "service_unavailable", "The delivery log cannot be read right now."));
        });
        app.start("0.0.0.0", port);
    }

    int port() {
        return app.port();
    }

    private static String account(Context ctx) {
        String account = ctx.queryParam("account_id");
        return account == null ? "" : account;
    }

    private static Map<String, Object> view(DeliveryStore.Logged delivery) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("delivery_id", delivery.id());
        view.put("event", delivery.eventType());
        view.put("url", delivery.url());
        view.put("status", delivery.status());
        view.put("attempts", delivery.attempts());
        view.put("created_at", delivery.createdAt());
        view.put("next_attempt_at", delivery.nextAttemptAt());
        view.put("delivered_at", delivery.deliveredAt());
        view.put("attempt_log", delivery.log());
        return view;
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
