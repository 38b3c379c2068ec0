package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.webhooks.WebhookUrlPolicy;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender's SSRF guarantees on OkHttp: host names resolved once per connection through the policy and only the
 * checked addresses connected to, IP literals checked before the call, TLS verified against the URL's host,
 * redirects not followed, a time limit on every attempt.
 */
class WebhookSenderTest {

    private static final String PASSWORD = "test-secret";
    private static final byte[] BODY = "{\"type\":\"generation.completed\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> HEADERS = Map.of("webhook-id", "msg_1");

    @TempDir
    static Path certificates;
    private static SSLContext serverTls;
    private static SSLContext clientTls;
    private static X509TrustManager clientTrust;

    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger resolutions = new AtomicInteger();
    private HttpServer server;
    private WebhookSender sender;

    /** A certificate for "localhost" only, which the client trusts and nothing else does. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keystore = certificates.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("receiver", keys.getCertificate("receiver"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        clientTrust = (X509TrustManager) trustManagers.getTrustManagers()[0];
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (sender != null) {
            sender.close();
        }
    }

    @Test
    void aHostNameIsResolvedOnceThroughThePolicyAndOnlyTheCheckedAddressesAreConnectedTo() throws Exception {
        int port = startReceiver(false, 204);
        // .test names never resolve for real: the request can only reach the receiver through the checked answer,
        // and 127.0.0.2 (loopback, but nothing listens there) is tried first and skipped.
        sender = sender(false, host -> {
            resolutions.incrementAndGet();
            return host.equals("rebound.test")
                    ? new InetAddress[] {InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1")}
                    : new InetAddress[0];
        });

        WebhookSender.Result result = sender.send("http://rebound.test:" + port + "/hooks/gp?tenant=7", HEADERS, BODY)
                .get(10, TimeUnit.SECONDS);

        assertThat(result.kind()).isEqualTo(WebhookSender.Kind.ANSWERED);
        assertThat(result.status()).isEqualTo(204);
        assertThat(resolutions.get()).isEqualTo(1);
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request[0]).isEqualTo("rebound.test:" + port);
            assertThat(request[1]).isEqualTo("/hooks/gp?tenant=7");
            assertThat(request[2]).isEqualTo("msg_1");
        });
    }

    @Test
    void inProductionAHostThatResolvesToAnInternalAddressIsRefusedWithoutAConnection() throws Exception {
        int port = startReceiver(false, 204);
        sender = sender(true, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        WebhookSender.Result byName = sender.send("https://sneaky.test:" + port + "/x", HEADERS, BODY)
                .get(10, TimeUnit.SECONDS);
        WebhookSender.Result byAddress = sender.send("https://10.1.2.3/x", HEADERS, BODY).get(10, TimeUnit.SECONDS);

        assertThat(byName.kind()).isEqualTo(WebhookSender.Kind.REFUSED);
        assertThat(byAddress.kind()).isEqualTo(WebhookSender.Kind.REFUSED);
        assertThat(byAddress.error()).contains("internal address");
        assertThat(received).isEmpty();
    }

    @Test
    void httpsChecksTheCertificateAgainstTheUrlsHost() throws Exception {
        int port = startReceiver(true, 204);
        sender = sender(false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        WebhookSender.Result result = sender.send("https://localhost:" + port + "/hook", HEADERS, BODY)
                .get(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).isTrue();
        assertThat(received).hasSize(1);
    }

    @Test
    void httpsRefusesAReceiverWhoseCertificateIsForAnotherName() throws Exception {
        int port = startReceiver(true, 204);
        sender = sender(false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        WebhookSender.Result result = sender.send("https://rebound.test:" + port + "/hook", HEADERS, BODY)
                .get(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).isFalse();
        assertThat(result.kind()).isNotEqualTo(WebhookSender.Kind.ANSWERED);
        assertThat(received).isEmpty();
    }

    @Test
    void aRedirectIsReadAsItsStatusAndNotFollowed() throws Exception {
        int port = startReceiver(false, 302);
        sender = sender(false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        WebhookSender.Result result = sender.send("http://127.0.0.1:" + port + "/moved", HEADERS, BODY)
                .get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(302);
        assertThat(received).hasSize(1);
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutWithinTheLimit() throws Exception {
        sender = sender(false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        try (HangingReceiver hanging = new HangingReceiver()) {
            long started = System.nanoTime();

            WebhookSender.Result result = sender.send(hanging.url("/never"), HEADERS, BODY).get(10, TimeUnit.SECONDS);

            assertThat(result.kind()).isEqualTo(WebhookSender.Kind.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    private WebhookSender sender(boolean production, WebhookUrlPolicy.Resolver resolver) {
        return new WebhookSender(new WebhookUrlPolicy(production, resolver), Duration.ofSeconds(1), 16, 4, clientTls,
                clientTrust);
    }

    private int startReceiver(boolean https, int status) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (https) {
            HttpsServer secure = HttpsServer.create(loopback, 0);
            secure.setHttpsConfigurator(new HttpsConfigurator(serverTls));
            server = secure;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.createContext("/", exchange -> receive(exchange, status));
        server.start();
        return server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange, int status) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new String[] {exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("webhook-id")});
            if (status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
