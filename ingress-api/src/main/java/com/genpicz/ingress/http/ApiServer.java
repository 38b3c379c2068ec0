package com.genpicz.ingress.http;

import com.genpicz.ingress.timeline.TimelineStore;
import com.genpicz.ingress.accounts.AccountOpening;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.auth.ApiKeyAuthenticator;
import com.genpicz.ingress.auth.Caller;
import com.genpicz.ingress.auth.CallerCache;
import com.genpicz.ingress.errors.RateLimitExceededException;
import com.genpicz.ingress.generations.GenerateRequestParser;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.usage.CreditUsageView;
import com.genpicz.ingress.generations.OutboxRelay;
import com.genpicz.ingress.ratelimit.RateLimiter;
import com.genpicz.ingress.webhooks.WebhookDeliveriesClient;
import io.javalin.Javalin;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import com.genpicz.ingress.tls.TlsSettings;
import java.util.Arrays;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP server: the public API under {@code /v1} (every request authenticated and counted against its key's
 * per-minute limit, with the X-RateLimit headers on every answer), the admin API, and health.
 */
public final class ApiServer implements AutoCloseable {

    private static final String CALLER = "genpicz.caller";

    private final Javalin app;
    private final Listen listen;
    private ServerConnector httpsConnector;
    private Server jetty;
    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;

    /** What the server needs; one record so that the wiring in IngressService stays readable. */
    public record Parts(ApiKeyAuthenticator authenticator, CallerCache callers, RateLimiter rateLimiter, GenerateRequestParser parser,
                        GenerationService generations, GenerationStore store, AccountStore accounts,
                        OutboxRelay relay, String adminToken, Duration syncWait, Listen listen,
                        WebhookDeliveriesClient webhookDeliveries, Duration webhookSecretOverlap, String internalToken,
                        CreditUsageView creditUsage, AccountOpening opening, MeterRegistry meters,
                        Tracer tracer, TimelineStore timelines) {
    }

    /**
     * Where to listen. {@code tls} null serves plain HTTP only (then plain requests must come through a trusted
     * proxy or be explicitly allowed).
     */
    public record Listen(String host, int httpPort, int httpsPort, TlsSettings tls, Set<String> trustedProxies,
                         boolean allowPlainHttp) {
    }

    public ApiServer(Parts parts) {
        this.listen = parts.listen();
        this.authenticator = parts.authenticator();
        TransportSecurity transport =
                TransportSecurity.of(listen.tls(), listen.trustedProxies(), listen.allowPlainHttp());
        this.rateLimiter = parts.rateLimiter();
        GenerationRoutes generationRoutes =
                new GenerationRoutes(parts.parser(), parts.generations(), parts.store(), parts.relay(),
                        new RequestSpans(parts.tracer()), parts.timelines());
        AccountRoutes accountRoutes = new AccountRoutes(parts.accounts(), parts.store(), parts.creditUsage(),
                Clock.systemUTC());
        AdminRoutes adminRoutes = new AdminRoutes(parts.accounts(), parts.opening(), parts.callers(), parts.adminToken(),
                parts.webhookSecretOverlap());
        WebhookRoutes webhookRoutes = new WebhookRoutes(parts.generations(), parts.accounts(),
                parts.webhookDeliveries(), parts.webhookSecretOverlap());
        InternalRoutes internalRoutes = new InternalRoutes(parts.accounts(), parts.internalToken());
        HttpMetrics httpMetrics = new HttpMetrics(parts.meters());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.requestLogger.http(httpMetrics::record);
            config.http.maxRequestSize = Requests.MAX_BODY_BYTES;
            config.http.asyncTimeout = parts.syncWait().plusSeconds(10).toMillis();
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> jetty = server);
            if (listen.tls() != null) {
                // Javalin drops its default connector once any is added: add the plain one back explicitly.
                config.jetty.addConnector((server, http) -> {
                    ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
                    plain.setHost(listen.host());
                    plain.setPort(listen.httpPort());
                    return plain;
                });
                config.jetty.addConnector((server, http) -> {
                    httpsConnector = transport.httpsConnector(server, http, listen.host(), listen.httpsPort());
                    return httpsConnector;
                });
            }
            ErrorResponses.register(config.routes);
            config.routes.before(transport::requireHttps);
            config.routes.get("/healthz", ctx -> Json.respond(ctx, 200, Map.of("status", "ok")));
            config.routes.get("/v1/openapi.json", OpenApiDocument::serve);
            config.routes.before("/v1/*", this::authenticateAndCount);
            generationRoutes.register(config.routes);
            accountRoutes.register(config.routes);
            webhookRoutes.register(config.routes);
            adminRoutes.register(config.routes);
            internalRoutes.register(config.routes);
        });
    }

    public ApiServer start() {
        app.start(listen.host(), listen.httpPort());
        return this;
    }

    /** The plain HTTP port (health checks, trusted proxies). */
    public int port() {
        return Arrays.stream(jetty.getConnectors())
                .filter(connector -> connector != httpsConnector)
                .map(connector -> ((ServerConnector) connector).getLocalPort())
                .findFirst()
                .orElseThrow();
    }

    /** The HTTPS port, or -1 without TLS. */
    public int httpsPort() {
        return httpsConnector == null ? -1 : httpsConnector.getLocalPort();
    }

    /** The routes as registered, "METHOD path", for checking the OpenAPI document against them. */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(entry -> entry.endpoint.method.isHttpMethod())
                .map(entry -> entry.endpoint.method.name() + " " + entry.endpoint.path)
                .toList();
    }

    private void authenticateAndCount(Context ctx) {
        if (ctx.path().equals("/v1/openapi.json")) {
            return;
        }
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

    static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    @Override
    public void close() {
        app.stop();
    }
}
