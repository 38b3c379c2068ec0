package com.genpicz.bench.ingress;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /v1/generate} in async mode ({@code Prefer: respond-async}), the keys taken in turn so that every
 * account gets an even share; each accepted generation is remembered for the read phase.
 */
final class GenerateRequests implements RequestSource {

    private final URI endpoint;
    private final List<String> keys;
    private final GenerationIds accepted;

    GenerateRequests(URI apiBase, List<String> keys, GenerationIds accepted) {
        this.endpoint = apiBase.resolve("/v1/generate");
        this.keys = keys;
        this.accepted = accepted;
    }

    @Override
    public String successLabel() {
        return "202";
    }

    @Override
    public HttpRequest request(long sequence, Duration timeout) {
        // 512×512 "standard" costs one credit; the prompt varies so that no two bodies are identical.
        String body = "{\"prompt\":\"benchmark prompt " + sequence
                + ", a lighthouse at dusk\",\"width\":512,\"height\":512,\"quality\":\"standard\"}";
        return HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", "Bearer " + keys.get(keyIndex(sequence)))
                .header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public void onResponse(long sequence, HttpResponse<Void> response) {
        if (response.statusCode() == 202) {
            response.headers().firstValue("Location").ifPresent(location ->
                    accepted.add(keyIndex(sequence), location.substring(location.lastIndexOf('/') + 1)));
        }
    }

    private int keyIndex(long sequence) {
        return (int) (sequence % keys.size());
    }
}
