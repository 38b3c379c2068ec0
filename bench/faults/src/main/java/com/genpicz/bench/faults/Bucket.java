package com.genpicz.bench.faults;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The image bucket as its owner and as a customer see it: every key in it, and whether a URL serves a PNG. */
final class Bucket implements AutoCloseable {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    private final MinioClient client;
    private final String bucket;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Bucket(String endpoint, String accessKey, String secretKey, String bucket) {
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region("us-east-1")
                .build();
        this.bucket = bucket;
    }

    Set<String> keys() {
        Set<String> keys = new HashSet<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true)
                    .build())) {
                keys.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list " + bucket + ": " + e, e);
        }
        return keys;
    }

    /** A GET without credentials, as a browser would: 200 and a PNG. */
    boolean servesPng(String url) {
        return status(url, true) == 200;
    }

    int status(String url, boolean mustBePng) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (mustBePng && response.statusCode() == 200 && !isPng(response.body())) {
                return -1;
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isPng(byte[] body) {
        if (body.length < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (body[i] != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
