package com.genpicz.webhook;

import com.genpicz.common.webhooks.WebhookDestination;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * POSTs a webhook over HTTP/1.1 to exactly the addresses its destination was checked with. The JDK's HttpClient
 * resolves the host again when it connects, which a rebinding DNS server can answer with an internal address after
 * the check passed; here the socket connects to a checked address and TLS still verifies the certificate against
 * the URL's host name. Redirects are never followed: only the status code is read.
 */
final class PinnedWebhookClient {

    private static final int MAX_STATUS_LINE = 8 * 1024;

    private final SSLContext tls;
    private final Duration timeout;

    PinnedWebhookClient(SSLContext tls, Duration timeout) {
        this.tls = tls;
        this.timeout = timeout;
    }

    /**
     * Sends the request and returns the receiver's HTTP status. Tries the next checked address only when a
     * connection cannot be made, so a request is never sent twice by this call.
     */
    int post(WebhookDestination destination, Map<String, String> headers, byte[] body) throws IOException {
        IOException unreachable = null;
        for (InetAddress address : destination.addresses()) {
            Socket socket;
            try {
                socket = connect(destination, address);
            } catch (IOException e) {
                unreachable = e;
                continue;
            }
            try (socket) {
                return exchange(socket, destination, headers, body);
            }
        }
        throw unreachable;
    }

    private Socket connect(WebhookDestination destination, InetAddress address) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, destination.port()), millis);
            socket.setSoTimeout(millis);
            if (!destination.https()) {
                return socket;
            }
            // Layered on the connected socket with the URL's host: SNI and certificate checks use the name, not the IP.
            SSLSocket secure = (SSLSocket) tls.getSocketFactory()
                    .createSocket(socket, destination.host(), destination.port(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private int exchange(Socket socket, WebhookDestination destination, Map<String, String> headers, byte[] body)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        out.write(requestHead(destination, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return statusCode(readStatusLine(new BufferedInputStream(socket.getInputStream()), deadline));
    }

    private static String requestHead(WebhookDestination destination, Map<String, String> headers, int length) {
        String path = destination.uri().getRawPath() == null || destination.uri().getRawPath().isEmpty()
                ? "/" : destination.uri().getRawPath();
        String query = destination.uri().getRawQuery() == null ? "" : "?" + destination.uri().getRawQuery();
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(query).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader(destination)).append("\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(requireSafe(name)).append(": ").append(requireSafe(value))
                .append("\r\n"));
        return head.append("\r\n").toString();
    }

    private static String hostHeader(WebhookDestination destination) {
        String host = destination.uri().getRawAuthority();
        return host.contains("@") ? host.substring(host.indexOf('@') + 1) : host;
    }

    private static String requireSafe(String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header name or value contains a line break");
        }
        return text;
    }

    private static String readStatusLine(InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no status line within the webhook timeout");
            }
            int next = in.read();
            if (next < 0) {
                throw new IOException("the receiver closed the connection without answering");
            }
            if (next == '\n') {
                return line.toString().strip();
            }
            if (line.length() >= MAX_STATUS_LINE) {
                throw new IOException("the receiver's status line is too long");
            }
            line.append((char) next);
        }
    }

    /** The code of a status line such as {@code HTTP/1.1 204 No Content}. */
    static int statusCode(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        return Integer.parseInt(parts[1]);
    }
}
