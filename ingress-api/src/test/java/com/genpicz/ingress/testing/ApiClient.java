package com.genpicz.ingress.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain HTTP client for tests that talk to the API the way customers do. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client that trusts the given TLS context (e.g. the dev stack's self-signed certificate). */
    public ApiClient(String baseUrl, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.baseUrl = baseUrl;
    }

    /** Status, headers and the body parsed as JSON (null when the body is not JSON). */
    public record Response(int status, HttpResponse<byte[]> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }
    }

    public Response get(String path, String apiKey) {
        return get(path, apiKey, Map.of());
    }

    public Response get(String path, String apiKey, Map<String, String> headers) {
        return send(builder(path, apiKey, headers).GET().build());
    }

    public Response delete(String path, String apiKey) {
        return send(builder(path, apiKey, Map.of()).DELETE().build());
    }

    public Response postJson(String path, String apiKey, String json) {
        return postJson(path, apiKey, json, Map.of());
    }

    public Response patchJson(String path, String apiKey, String json) {
        return send(builder(path, apiKey, Map.of("Content-Type", "application/json"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response postJson(String path, String apiKey, String json, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        return send(builder(path, apiKey, all).POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<byte[]> fetch(String absoluteUrl) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(absoluteUrl)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder builder(String path, String apiKey, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response, parse(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
