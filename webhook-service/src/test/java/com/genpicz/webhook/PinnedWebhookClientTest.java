package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.webhooks.WebhookDestination;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedWebhookClientTest {

    private static final String PASSWORD = "test-secret";
    private static final byte[] BODY = "{\"type\":\"generation.completed\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "webhook-id", "msg_1");

    @TempDir
    static Path certificates;
    private static SSLContext serverTls;
    private static SSLContext clientTls;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    record Received(String host, String pathAndQuery, String webhookId, byte[] body) {}

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
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);
    }

    @AfterEach
    void stopReceiver() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theRequestGoesToTheCheckedAddressWithoutResolvingTheHostAgain() throws IOException {
        int port = startReceiver(false);
        // .invalid never resolves: the only way to reach the receiver is the address the check recorded.
        WebhookDestination destination = destination("http://rebound.invalid:" + port + "/hooks/gp?tenant=7", "127.0.0.1");

        int status = client().post(destination, HEADERS, BODY);

        assertThat(status).isEqualTo(204);
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.host()).isEqualTo("rebound.invalid:" + port);
            assertThat(request.pathAndQuery()).isEqualTo("/hooks/gp?tenant=7");
            assertThat(request.webhookId()).isEqualTo("msg_1");
            assertThat(request.body()).isEqualTo(BODY);
        });
    }

    @Test
    void httpsChecksTheCertificateAgainstTheUrlsHostWhileConnectingToTheAddress() throws IOException {
        int port = startReceiver(true);

        int status = client().post(destination("https://localhost:" + port + "/hook", "127.0.0.1"), HEADERS, BODY);

        assertThat(status).isEqualTo(204);
        assertThat(received).singleElement().extracting(Received::body).isEqualTo(BODY);
    }

    @Test
    void httpsRefusesAReceiverWhoseCertificateIsForAnotherName() throws IOException {
        int port = startReceiver(true);
        WebhookDestination elsewhere = destination("https://rebound.invalid:" + port + "/hook", "127.0.0.1");

        assertThatThrownBy(() -> client().post(elsewhere, HEADERS, BODY)).isInstanceOf(SSLHandshakeException.class);
        assertThat(received).isEmpty();
    }

    @Test
    void anAddressThatRefusesTheConnectionIsSkippedForTheNextCheckedOne() throws IOException {
        int port = startReceiver(false);
        // The receiver listens on 127.0.0.1 only, so 127.0.0.2 (also loopback on Linux) refuses the connection.
        WebhookDestination destination = destination("http://rebound.invalid:" + port + "/hook", "127.0.0.2", "127.0.0.1");

        assertThat(client().post(destination, HEADERS, BODY)).isEqualTo(204);
        assertThat(received).hasSize(1);
    }

    @Test
    void statusLinesAreReadForTheirCode() throws IOException {
        assertThat(PinnedWebhookClient.statusCode("HTTP/1.1 204 No Content")).isEqualTo(204);
        assertThat(PinnedWebhookClient.statusCode("HTTP/1.0 503")).isEqualTo(503);
        assertThatThrownBy(() -> PinnedWebhookClient.statusCode("SSH-2.0-OpenSSH_9.2")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PinnedWebhookClient.statusCode("HTTP/1.1 2000 OK")).isInstanceOf(IOException.class);
    }

    private static PinnedWebhookClient client() {
        return new PinnedWebhookClient(clientTls, Duration.ofSeconds(5));
    }

    private static WebhookDestination destination(String url, String... addresses) throws IOException {
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            resolved.add(InetAddress.getByName(address));
        }
        return new WebhookDestination(URI.create(url), resolved);
    }

    private int startReceiver(boolean https) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (https) {
            HttpsServer secure = HttpsServer.create(loopback, 0);
            secure.setHttpsConfigurator(new HttpsConfigurator(serverTls));
            server = secure;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.createContext("/", this::receive);
        server.start();
        return server.getAddress().getPort();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestURI().getRawQuery() == null ? exchange.getRequestURI().getRawPath()
                            : exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
        }
    }
}
