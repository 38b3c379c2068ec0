package com.genpicz.ingress.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds} by method, route template (never the raw path, whose ids would make a
 * series per generation) and status. Timers are kept per combination: ingress answers thousands of requests a
 * second, and looking a timer up in the registry on each would cost more than recording it.
 */
final class HttpMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, float millis) {
        String method = ctx.method().name();
        String route = route(ctx);
        int status = ctx.statusCode();
        timers.computeIfAbsent(method + ' ' + route + ' ' + status, ignored -> Timer.builder("http.server.requests")
                        .description("HTTP requests by method, route and status").tag("method", method)
                        .tag("route", route).tag("status", Integer.toString(status))
                        .publishPercentileHistogram().register(registry))
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }
}
