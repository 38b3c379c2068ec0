package com.genpicz.bench.ingress;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop load generator: keeps a fixed number of requests in flight on keep-alive connections, starting the
 * next one as soon as one completes, until the window ends or the request cap is reached. Every request carries a
 * timeout, so a hanging server shows up as "timeout" outcomes rather than a hanging benchmark.
 */
final class ClosedLoopLoad {

    /** Far above what the API can do on one machine; only there so that no loop is ever unbounded in count. */
    static final int MAX_REQUESTS_PER_SECOND = 50_000;

    private final HttpClient client;
    private final int concurrency;
    private final Duration requestTimeout;

    ClosedLoopLoad(HttpClient client, int concurrency, Duration requestTimeout) {
        this.client = client;
        this.concurrency = concurrency;
        this.requestTimeout = requestTimeout;
    }

    /** Runs {@code source} for {@code window} and returns the recorder, with the stragglers already in. */
    PhaseRecorder run(String name, Duration window, RequestSource source) throws InterruptedException {
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, window.toSeconds()) * MAX_REQUESTS_PER_SECOND);
        long start = System.nanoTime();
        long deadline = start + window.toNanos();
        PhaseRecorder recorder = new PhaseRecorder(name, source.successLabel(), start, window, cap);
        Semaphore inFlight = new Semaphore(concurrency);
        for (long sent = 0; sent < cap; sent++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !inFlight.tryAcquire(remaining, TimeUnit.NANOSECONDS)) {
                break;
            }
            send(source, sent, recorder, inFlight);
        }
        // Let the requests still in flight finish: each is bounded by its own timeout.
        long drainMillis = requestTimeout.toMillis() + 2_000;
        if (!inFlight.tryAcquire(concurrency, drainMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + ": requests still in flight " + drainMillis + " ms after the window");
        }
        return recorder;
    }

    private void send(RequestSource source, long sequence, PhaseRecorder recorder, Semaphore inFlight) {
        HttpRequest request = source.request(sequence, requestTimeout);
        long begin = System.nanoTime();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long end = System.nanoTime();
                try {
                    if (response != null) {
                        source.onResponse(sequence, response);
                        recorder.record(Integer.toString(response.statusCode()), end - begin, end);
                    } else {
                        recorder.record(label(error), end - begin, end);
                    }
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    private static String label(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ConnectException) {
            return "refused";
        }
        return "io-error";
    }
}
