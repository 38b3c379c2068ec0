package com.genpicz.ingress.http;

import com.genpicz.common.hashing.Sha256;
import com.genpicz.ingress.errors.InvalidRequestException;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import com.genpicz.ingress.generations.GenerateCommand;
import com.genpicz.ingress.generations.GenerateRequestParser;
import com.genpicz.ingress.generations.Generation;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.generations.OutboxRelay;
import com.genpicz.ingress.timeline.TimelineStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /v1/generate} and {@code /v1/generations}. */
final class GenerationRoutes {

    private static final List<String> STATUSES = List.of("queued", "processing", "completed", "failed");

    private final GenerateRequestParser parser;
    private final GenerationService generations;
    private final GenerationStore store;
    private final OutboxRelay relay;
    private final RequestSpans spans;
    private final TimelineStore timelines;

    GenerationRoutes(GenerateRequestParser parser, GenerationService generations, GenerationStore store,
                     OutboxRelay relay, RequestSpans spans, TimelineStore timelines) {
        this.timelines = timelines;
        this.spans = spans;
        this.parser = parser;
        this.generations = generations;
        this.store = store;
        this.relay = relay;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/generate", this::generate);
        routes.get("/v1/generations", this::list);
        routes.get("/v1/generations/{id}", this::get);
        routes.get("/v1/generations/{id}/timeline", this::timeline);
        routes.delete("/v1/generations/{id}", this::delete);
    }

    private void generate(Context ctx) {
        byte[] body = Requests.jsonBody(ctx);
        if (!relay.healthy()) {
            throw new ServiceUnavailableException("Generation requests cannot be queued right now; retry shortly.");
        }
        String prefer = ctx.header("Prefer");
        boolean preferAsync = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        GenerateCommand command = parser.parse(body, preferAsync, idempotencyKey(ctx));
        GenerationService.Accepted accepted = spans.within(ctx,
                () -> generations.accept(ApiServer.caller(ctx), command, Sha256.of(body)));
        if (accepted.outcome() == null) {
            respond(ctx, accepted.generation());
            return;
        }
        ctx.future(() -> accepted.outcome().thenAccept(generation -> respond(ctx, generation)));
    }

    private void get(Context ctx) {
        Json.respond(ctx, 200, GenerationResponse.of(generations.find(ApiServer.caller(ctx), ctx.pathParam("id"))));
    }

    private void timeline(Context ctx) {
        Generation generation = generations.find(ApiServer.caller(ctx), ctx.pathParam("id"));
        Json.respond(ctx, 200, TimelineResponse.of(generation, timelines.stagesOf(generation.id())));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        spans.within(ctx, () -> {
            generations.delete(ApiServer.caller(ctx), id);
            return null;
        });
        Json.respond(ctx, 200, Map.of("generation_id", id, "object", "generation", "deleted", true));
    }

    private void list(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 20, 1, 100);
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRequestException("invalid_status",
                    "status must be one of queued, processing, completed, failed.", "status");
        }
        String after = ctx.queryParam("starting_after");
        List<Generation> page = store.list(ApiServer.caller(ctx).accountId(), status, after, limit + 1);
        boolean hasMore = page.size() > limit;
        List<GenerationResponse> data = page.stream().limit(limit).map(GenerationResponse::of).toList();
        String nextCursor = hasMore ? data.get(data.size() - 1).generationId() : null;
        Json.respond(ctx, 200, new GenerationPage("list", data, hasMore, nextCursor));
    }

    /** 200 with the final generation; 202 with a Location to poll while it is still running. */
    private static void respond(Context ctx, Generation generation) {
        int status = generation.isFinished() ? 200 : 202;
        if (status == 202) {
            ctx.header("Location", "/v1/generations/" + generation.id());
        }
        Json.respond(ctx, status, GenerationResponse.of(generation));
    }

    private static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 255) {
            throw new InvalidRequestException("invalid_idempotency_key",
                    "Idempotency-Key must be at most 255 characters.", "Idempotency-Key");
        }
        return key;
    }

    /** A page of generations, newest first; pass {@code next_cursor} as {@code starting_after} for the next. */
    record GenerationPage(String object, List<GenerationResponse> data, boolean hasMore,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                          String nextCursor) {
    }
}
