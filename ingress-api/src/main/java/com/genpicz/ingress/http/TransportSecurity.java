package com.genpicz.ingress.http;

import com.genpicz.ingress.errors.HttpsRequiredException;
import com.genpicz.ingress.tls.TlsSettings;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.InetAddressSet;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the API: the TLS connector, and the rule that refuses plain HTTP unless it comes from a trusted proxy
 * that terminated TLS ({@code X-Forwarded-Proto: https}) or plain HTTP was explicitly allowed (development only).
 * Health checks are exempt so that orchestrators can probe the plain port.
 *
 * @param trustedProxies remote addresses whose X-Forwarded-Proto is believed: addresses, CIDR ranges
 *                       ({@code 10.0.0.0/8}, {@code fd00::/8}) or address ranges, parsed once by Jetty's
 *                       {@link InetAddressSet}
 */
record TransportSecurity(TlsSettings tls, InetAddressSet trustedProxies, boolean allowPlainHttp) {

    /** With the proxy patterns parsed once here rather than on every plain request. */
    static TransportSecurity of(TlsSettings tls, Set<String> trustedProxies, boolean allowPlainHttp) {
        InetAddressSet ranges = new InetAddressSet();
        ranges.addAll(trustedProxies);
        return new TransportSecurity(tls, ranges, allowPlainHttp);
    }

    void requireHttps(Context ctx) {
        if (ctx.req().isSecure() || allowPlainHttp || ctx.path().equals("/healthz")) {
            return;
        }
        boolean viaTrustedProxy = isTrusted(ctx.req().getRemoteAddr())
                && "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        if (!viaTrustedProxy) {
            throw new HttpsRequiredException();
        }
    }

    /** Whether {@code remoteAddress}, the peer's IP literal, is in one of the trusted proxy ranges. */
    boolean isTrusted(String remoteAddress) {
        if (trustedProxies.isEmpty() || remoteAddress == null) {
            return false;
        }
        try {
            // A literal: no name lookup happens.
            return trustedProxies.test(InetAddress.getByName(remoteAddress));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A TLS connector on {@code host:port}; the server's plain connector stays for health checks and proxies. */
    ServerConnector httpsConnector(Server server, HttpConfiguration plain, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystore().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach local and private deployments by IP; the certificate's SAN still has to match for them.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
