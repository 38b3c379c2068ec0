package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible server (S3Proxy) running in this JVM, path-style, AWS signature V2 or V4.
 *
 * <p>Objects live under a data directory (one folder per bucket), or in memory when none is given. Bucket
 * policies are not supported; use the canned ACL header {@code x-amz-acl: public-read} for anonymous reads.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStore store;
    private final String accessKey;
    private final String secretKey;
    private final int port;
    private boolean closed;

    private S3Server(S3Proxy proxy, BlobStore store, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.store = store;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.port = proxy.getPort();
    }

    /**
     * Starts the server and waits until it accepts requests.
     *
     * @param dataDir where objects are stored, or {@code null} for a transient in-memory store
     * @param port the port, or 0 to pick a free one
     */
    public static S3Server start(Path dataDir, int port, String accessKey, String secretKey) {
        NoisyLoggers.quieten();
        long started = System.nanoTime();
        BlobStore store = openStore(dataDir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .jettyMaxThreads(32)
                .build();
        try {
            proxy.start();
            if (!Deadline.await(START_LIMIT, () -> "STARTED".equals(proxy.getState()))) {
                throw new IllegalStateException("S3Proxy is still " + proxy.getState() + " after " + START_LIMIT);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            store.close();
            throw new IllegalStateException("S3 server did not start", e);
        }
        S3Server server = new S3Server(proxy, store, accessKey, secretKey);
        LOG.info("S3 server listening on {} ({}) after {} ms", server.endpoint(),
                dataDir == null ? "in memory" : "data " + dataDir, (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    /** The endpoint URL, {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Stops the HTTP server; objects in a data directory stay. Repeat calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        stopQuietly(proxy);
        store.close();
        LOG.info("S3 server on port {} stopped after {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    private static BlobStore openStore(Path dataDir) {
        if (dataDir == null) {
            return new TransientNio2BlobStore();
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create S3 data directory " + dataDir, e);
        }
        return new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.warn("S3Proxy did not stop cleanly: {}", e.toString());
        }
    }
}
