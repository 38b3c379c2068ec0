package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpLoadTest {

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyRequestSentIsAnsweredAndCountedWithItsStatus() throws Exception {
        AtomicInteger served = new AtomicInteger();
        InetSocketAddress address = startServer(exchange -> {
            served.incrementAndGet();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "/v1/generations/gen_" + served.get());
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        CountingSource source = new CountingSource(address);

        PhaseResult result;
        try (HttpLoad load = new HttpLoad(address, 4, Duration.ofSeconds(5))) {
            result = load.run("test", Duration.ofSeconds(1), source).result(0);
        }

        assertThat(result.outcomes()).containsOnlyKeys("202");
        assertThat(result.outcomes().get("202")).isEqualTo(served.get()).isEqualTo(source.locations.get());
        assertThat(served.get()).isGreaterThan(4);
    }

    @Test
    void aFixedRateSendsAboutTheRateWhateverTheConnectionsCouldDo() throws Exception {
        InetSocketAddress address = startServer(Answers::accepted);

        PhaseResult result;
        try (HttpLoad load = new HttpLoad(address, 8, Duration.ofSeconds(5))) {
            result = load.runAtRate("test", Duration.ofSeconds(1), new CountingSource(address), 200).result(0);
        }

        // 200 due in the second: every one either answered or (on a slow, cold machine) counted as never sent.
        long answered = result.outcomes().get("202");
        assertThat(answered + result.outcomes().getOrDefault(PhaseRecorder.UNSENT, 0L)).isEqualTo(200);
        assertThat(answered).as("eight idle connections keep up with 200/s").isGreaterThan(100);
    }

    @Test
    void aServerSlowerThanTheRateShowsAsUnsentRequestsAndLatencyCountedFromWhenDue() throws Exception {
        // One connection and a server taking 100 ms per answer serve at most 10 of the 50 requests due in a second.
        InetSocketAddress address = startServer(exchange -> {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            Answers.accepted(exchange);
        });

        PhaseResult result;
        try (HttpLoad load = new HttpLoad(address, 1, Duration.ofSeconds(5))) {
            result = load.runAtRate("test", Duration.ofSeconds(1), new CountingSource(address), 50).result(0);
        }

        assertThat(result.outcomes().get("202")).isBetween(3L, 10L);
        assertThat(result.outcomes().get(PhaseRecorder.UNSENT)).isEqualTo(50 - result.outcomes().get("202"));
        // The last request sent was due about 180 ms in but went out about 900 ms in: its wait counts.
        assertThat(result.maxMillis()).isGreaterThan(500);
    }

    @Test
    void aServerThatNeverAnswersGivesTimeoutsNotAHang() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InetSocketAddress address = startServer(exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });

        String outcome;
        try (HttpLoad load = new HttpLoad(address, 1, Duration.ofMillis(300))) {
            outcome = load.once(new CountingSource(address));
        }
        release.countDown();

        assertThat(outcome).isEqualTo("timeout");
    }

    @Test
    void aClosedPortCountsAsRefused() throws Exception {
        InetSocketAddress address = startServer(exchange -> exchange.close());
        server.stop(0);
        server = null;

        try (HttpLoad load = new HttpLoad(address, 1, Duration.ofSeconds(1))) {
            assertThat(load.once(new CountingSource(address))).isEqualTo("refused");
        }
    }

    /** A handler that answers 202 with a small JSON body and a Location. */
    private static final class Answers {
        private static final AtomicInteger SERVED = new AtomicInteger();

        static void accepted(HttpExchange exchange) throws IOException {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "/v1/generations/gen_" + SERVED.incrementAndGet());
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }

    private InetSocketAddress startServer(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server.getAddress();
    }

    private static final class CountingSource implements RequestSource {
        private final String host;
        private final AtomicInteger locations = new AtomicInteger();

        private CountingSource(InetSocketAddress address) {
            this.host = "127.0.0.1:" + address.getPort();
        }

        @Override
        public String successLabel() {
            return "202";
        }

        @Override
        public byte[] request(long sequence) {
            return RequestBytes.postJson(host, "/v1/generate", "Authorization: Bearer k\r\n", "{\"n\":" + sequence + "}");
        }

        @Override
        public void onResponse(long sequence, ResponseParser.Response response) {
            if (response.location() != null) {
                locations.incrementAndGet();
            }
        }
    }
}
