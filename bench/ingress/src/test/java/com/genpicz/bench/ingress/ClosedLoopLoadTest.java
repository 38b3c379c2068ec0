package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClosedLoopLoadTest {

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
        try (ClosedLoopLoad load = new ClosedLoopLoad(address, 4, Duration.ofSeconds(5))) {
            result = load.run("test", Duration.ofSeconds(1), source).result(0);
        }

        assertThat(result.outcomes()).containsOnlyKeys("202");
        assertThat(result.outcomes().get("202")).isEqualTo(served.get()).isEqualTo(source.locations.get());
        assertThat(served.get()).isGreaterThan(4);
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
        try (ClosedLoopLoad load = new ClosedLoopLoad(address, 1, Duration.ofMillis(300))) {
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

        try (ClosedLoopLoad load = new ClosedLoopLoad(address, 1, Duration.ofSeconds(1))) {
            assertThat(load.once(new CountingSource(address))).isEqualTo("refused");
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
