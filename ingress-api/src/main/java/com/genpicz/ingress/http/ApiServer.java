package com.genpicz.ingress.http;

import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.auth.ApiKeyAuthenticator;
import com.genpicz.ingress.auth.Caller;
import com.genpicz.ingress.errors.InvalidRequestException;
import com.genpicz.ingress.errors.NotFoundException;
import com.genpicz.ingress.errors.PayloadTooLargeException;
import com.genpicz.ingress.errors.RateLimitExceededException;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import com.genpicz.ingress.errors.UnsupportedMediaTypeException;
import com.genpicz.ingress.generations.GenerateCommand;
import com.genpicz.ingress.generations.GenerateRequestParser;
import com.genpicz.ingress.generations.Generation;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.generations.OutboxRelay;
import com.genpicz.ingress.ratelimit.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The public HTTP API under /v1: authentication and rate limiting first, then one handler per endpoint. */
public final class ApiServer implements AutoCloseable {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String CALLER = "genpicz.caller";

    private final Javalin app;
    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final GenerateRequestParser parser;
    private final GenerationService generations;
    private final GenerationStore store;
    private final AccountStore accounts;
    private final OutboxRelay relay;

    public ApiServer(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, GenerateRequestParser parser,
                     GenerationService generations, GenerationStore store, AccountStore accounts, OutboxRelay relay,
                     Duration syncWait) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.parser = parser;
        this.generations = generations;
        this.store = store;
        this.accounts = accounts;
        this.relay = relay;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.asyncTimeout = syncWait.plusSeconds(10).toMillis();
            config.router.ignoreTrailingSlashes = true;
            ErrorResponses.register(config.routes);
            config.routes.get("/healthz", ctx -> Json.respond(ctx, 200, Map.of("status", "ok")));
            config.routes.before("/v1/*", this::authenticateAndCount);
            config.routes.post("/v1/generate", this::generate);
            config.routes.get("/v1/generations", this::listGenerations);
            config.routes.get("/v1/generations/{id}", this::getGeneration);
            config.routes.get("/v1/styles", this::styles);
            config.routes.get("/v1/account", this::account);
        });
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void authenticateAndCount(Context ctx) {
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        ctx.attribute(CALLER, caller);
        RateLimiter.Decision decision = rateLimiter.count(caller.keyId(), caller.requestsPerMinute());
        ctx.header("X-RateLimit-Limit", Integer.toString(decision.limit()));
        ctx.header("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        ctx.header("X-RateLimit-Reset", Long.toString(decision.resetAt().getEpochSecond()));
        if (!decision.allowed()) {
            throw new RateLimitExceededException(decision.limit(), decision.secondsUntilReset(rateLimiter.now()));
        }
    }

    private void generate(Context ctx) {
        requireJson(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (!relay.healthy()) {
            throw new ServiceUnavailableException("Generation requests cannot be queued right now; retry shortly.");
        }
        String preferHeader = ctx.header("Prefer");
        boolean preferAsync = preferHeader != null && preferHeader.toLowerCase().contains("respond-async");
        GenerateCommand command = parser.parse(body, preferAsync, idempotencyKey(ctx));
        GenerationService.Accepted accepted = generations.accept(caller(ctx), command, sha256(body));
        if (accepted.outcome() == null) {
            respondWithGeneration(ctx, accepted.generation());
            return;
        }
        ctx.future(() -> accepted.outcome().thenAccept(generation -> respondWithGeneration(ctx, generation)));
    }

    private static void respondWithGeneration(Context ctx, Generation generation) {
        int status = generation.isFinished() ? 200 : 202;
        if (status == 202) {
            ctx.header("Location", "/v1/generations/" + generation.id());
        }
        Json.respond(ctx, status, GenerationResponse.of(generation));
    }

    private void getGeneration(Context ctx) {
        Json.respond(ctx, 200, GenerationResponse.of(generations.find(caller(ctx), ctx.pathParam("id"))));
    }

    private void listGenerations(Context ctx) {
        int limit = intQuery(ctx, "limit", 20, 1, 100);
        String status = ctx.queryParam("status");
        if (status != null && !List.of("queued", "processing", "completed", "failed").contains(status)) {
            throw new InvalidRequestException("invalid_status",
                    "status must be one of queued, processing, completed, failed.", "status");
        }
        String after = ctx.queryParam("starting_after");
        List<Generation> page = store.list(caller(ctx).accountId(), status, after, limit + 1);
        boolean hasMore = page.size() > limit;
        List<GenerationResponse> data = page.stream().limit(limit).map(GenerationResponse::of).toList();
        String nextCursor = hasMore ? data.get(data.size() - 1).generationId() : null;
        Json.respond(ctx, 200, new GenerationPage("list", data, hasMore, nextCursor));
    }

    private void styles(Context ctx) {
        Json.respond(ctx, 200, new StylePage("list", StyleCatalog.all().stream()
                .map(style -> new StyleResponse(style.id(), style.name(), style.description(), null))
                .toList()));
    }

    private void account(Context ctx) {
        Caller caller = caller(ctx);
        Account account = accounts.find(caller.accountId())
                .orElseThrow(() -> new NotFoundException("The account no longer exists."));
        Json.respond(ctx, 200, new AccountResponse(account.id(), account.email(), account.plan().id(),
                account.credits(), account.requestsPerMinute(), account.webhookSecret()));
    }

    private static void requireJson(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new UnsupportedMediaTypeException("Send the body as JSON with 'Content-Type: application/json'.");
        }
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The body must be at most " + MAX_BODY_BYTES + " bytes.");
        }
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

    private static int intQuery(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequestException("invalid_parameter",
                name + " must be an integer from " + min + " to " + max + ".", name);
    }

    private static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }

    record GenerationPage(String object, List<GenerationResponse> data, boolean hasMore, String nextCursor) {
    }

    record StyleResponse(String id, String name, String description, String exampleUrl) {
    }

    record StylePage(String object, List<StyleResponse> data) {
    }

    record AccountResponse(String accountId, String email, String plan, long credits, int rateLimitPerMinute,
                           String webhookSecret) {
    }
}
