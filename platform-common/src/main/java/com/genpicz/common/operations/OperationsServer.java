package com.genpicz.common.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operations port of one instance: {@code GET /metrics} (Prometheus text), {@code GET /livez} (the process
 * works: 503 once a loop died, so the orchestrator restarts it) and {@code GET /readyz} (its dependencies are there:
 * 503 with the failing checks otherwise). The JDK's own HTTP server: three read-only routes need no web framework,
 * and the worker services carry none.
 */
public final class OperationsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final java.util.Set<String> ROUTES = java.util.Set.of("/metrics", "/livez", "/readyz");

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static OperationsServer start(int port, PrometheusMeterRegistry registry, Readiness readiness,
                                         BooleanSupplier alive) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("the operations port " + port
                    + " is taken or cannot be bound (GENPICZ_METRICS_PORT changes it)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "operations-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> route(exchange, registry, readiness, alive));
        server.start();
        return new OperationsServer(server, executor);
    }

    private static void route(HttpExchange exchange, PrometheusMeterRegistry registry, Readiness readiness,
                              BooleanSupplier alive) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!ROUTES.contains(path)) {
                json(exchange, 404, Map.of("error", Map.of("code", "not_found",
                        "message", "The operations port serves /metrics, /livez and /readyz.")));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                json(exchange, 405, Map.of("error", Map.of("code", "method_not_allowed",
                        "message", path + " answers GET and HEAD.")));
                return;
            }
            switch (path) {
                case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT,
                        registry.scrape().getBytes(StandardCharsets.UTF_8));
                case "/livez" -> json(exchange, alive.getAsBoolean() ? 200 : 503,
                        Map.of("status", alive.getAsBoolean() ? "alive" : "failed"));
                default -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    boolean ready = readiness.ready();
                    body.put("status", ready ? "ready" : "not_ready");
                    body.put("checks", readiness.state());
                    json(exchange, ready ? 200 : 503, body);
                }
            }
        }
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
