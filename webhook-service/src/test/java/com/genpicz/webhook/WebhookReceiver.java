package com.genpicz.webhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A customer's webhook endpoint on 127.0.0.1: answers with scripted status codes (then 200) and keeps every request. */
final class WebhookReceiver implements AutoCloseable {

    /** One POST as the receiver saw it. */
    record Request(String method, String path, Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final Queue<Integer> scriptedStatuses = new ConcurrentLinkedQueue<>();
    private final Map<Integer, String> retryAfter = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::receive);
        server.start();
    }

    /** The next requests get these statuses, in order; later ones get 200. */
    WebhookReceiver answering(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
        return this;
    }

    /** Answers with {@code Retry-After: seconds} whenever it answers {@code status}. */
    WebhookReceiver retryAfter(int status, int seconds) {
        retryAfter.put(status, Integer.toString(seconds));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            Integer scripted = scriptedStatuses.poll();
            int status = scripted == null ? 200 : scripted;
            if (status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", url("/redirected"));
            }
            if (retryAfter.containsKey(status)) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter.get(status));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
