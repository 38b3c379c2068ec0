package com.genpicz.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady stream of generate requests at a fixed rate, the way real clients send them: synchronous ones that wait
 * for the image, asynchronous ones, and ones with a webhook; some asynchronous ones are deleted a moment later.
 * Requests go round the ingress instances like a load balancer would, and one whose instance refuses the
 * connection (killed a moment ago) is sent to the next. Every answer is recorded.
 */
final class Traffic implements AutoCloseable {

    /** How a generation was asked for. */
    enum Kind { SYNC, ASYNC, WEBHOOK }

    /**
     * One HTTP exchange: which instance, when, how long, and whether the API answered as it must: 2xx, a 4xx JSON
     * error object, or a 503 error object while a dependency is away; any other 5xx is improper.
     */
    record Attempt(String base, String method, long startedNanos, long finishedNanos, int status, boolean errorObject,
                   String failure) {
        boolean answeredProperly() {
            return failure == null && (status / 100 == 2 || (status / 100 == 4 && errorObject)
                    || (status == 503 && errorObject));
        }

        boolean unavailable() {
            return status == 503 && errorObject;
        }

        double seconds() {
            return (finishedNanos - startedNanos) / 1e9;
        }
    }

    /** A generation the API answered with an id. */
    record Accepted(String generationId, Kind kind, FaultAccounts.Account account, boolean deleteAsked) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Supplier<List<String>> apiBaseUrls;
    private final FaultAccounts accounts;
    private final String webhookUrl;
    private final double deleteShare;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Random random = new Random(7);
    private final AtomicLong sequence = new AtomicLong();
    private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();

    Traffic(Supplier<List<String>> apiBaseUrls, FaultAccounts accounts, String webhookUrl, double deleteShare) {
        this.apiBaseUrls = apiBaseUrls;
        this.accounts = accounts;
        this.webhookUrl = webhookUrl;
        this.deleteShare = deleteShare;
    }

    /** Sends {@code perSecond} generate requests a second until {@link #stop()}. */
    void start(double perSecond) {
        long periodMicros = (long) (1_000_000 / perSecond);
        scheduler.scheduleAtFixedRate(this::sendOne, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    private void sendOne() {
        long n = sequence.incrementAndGet();
        Kind kind = Kind.values()[(int) (n % Kind.values().length)];
        FaultAccounts.Account account = accounts.next();
        StringBuilder body = new StringBuilder("{\"prompt\": \"a red circle on a blue background, number ")
                .append(n).append("\", \"width\": 512, \"height\": 512, \"quality\": \"standard\"");
        if (kind == Kind.WEBHOOK) {
            body.append(", \"webhook_url\": \"").append(webhookUrl).append('"');
        }
        body.append('}');
        boolean delete = kind != Kind.SYNC && random.nextDouble() < deleteShare;
        long deleteAfterMillis = random.nextInt(3_000);
        CompletableFuture<?> request = send("POST", "/generate", account.key(), body.toString(),
                kind == Kind.ASYNC ? "respond-async" : null, 0)
                .thenAccept(response -> {
                    String id = response == null ? null : response.path("generation_id").asText(null);
                    if (id != null) {
                        accepted.add(new Accepted(id, kind, account, delete));
                        if (delete) {
                            scheduler.schedule(() -> track(send("DELETE", "/generations/" + id, account.key(), null,
                                    null, 0)), deleteAfterMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                });
        track(request);
    }

    private void track(CompletableFuture<?> request) {
        inFlight.add(request);
        request.whenComplete((ignored, error) -> inFlight.remove(request));
    }

    /** Sends one request, moving on to the next instance while instances refuse the connection. */
    private CompletableFuture<JsonNode> send(String method, String path, String key, String body, String prefer,
                                             int tried) {
        List<String> bases = apiBaseUrls.get();
        String base = bases.get((int) (sequence.get() + tried) % bases.size());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        long started = System.nanoTime();
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null && isRefused(error) && tried + 1 < bases.size()) {
                        return send(method, path, key, body, prefer, tried + 1);
                    }
                    return CompletableFuture.completedFuture(record(base, method, started, response, error));
                })
                .thenCompose(next -> next);
    }

    private JsonNode record(String base, String method, long started, HttpResponse<String> response,
                            Throwable error) {
        long finished = System.nanoTime();
        if (error != null) {
            attempts.add(new Attempt(base, method, started, finished, 0, false, describe(error)));
            return null;
        }
        JsonNode json = parse(response.body());
        boolean errorObject = json != null && json.path("error").path("code").isTextual();
        attempts.add(new Attempt(base, method, started, finished, response.statusCode(), errorObject, null));
        return response.statusCode() / 100 == 2 ? json : null;
    }

    private static boolean isRefused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof HttpTimeoutException) {
            return "timeout";
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops sending and waits (bounded) for the answers still outstanding. */
    void stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(REQUEST_TIMEOUT.toSeconds() + 10,
                    TimeUnit.SECONDS);
        } catch (Exception e) {
            // Whatever is still outstanding counts as unanswered.
        }
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
