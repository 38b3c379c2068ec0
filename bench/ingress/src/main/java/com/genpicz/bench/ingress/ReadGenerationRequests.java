package com.genpicz.bench.ingress;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/** {@code GET /v1/generations/{id}} of random generations made earlier, each with its owner's key. */
final class ReadGenerationRequests implements RequestSource {

    private final URI apiBase;
    private final List<String> keys;
    private final GenerationIds generations;

    ReadGenerationRequests(URI apiBase, List<String> keys, GenerationIds generations) {
        if (generations.size() == 0) {
            throw new IllegalStateException("No generation was accepted, so there is nothing to read");
        }
        this.apiBase = apiBase;
        this.keys = keys;
        this.generations = generations;
    }

    @Override
    public String successLabel() {
        return "200";
    }

    @Override
    public HttpRequest request(long sequence, Duration timeout) {
        int slot = generations.randomSlot();
        return HttpRequest.newBuilder(apiBase.resolve("/v1/generations/" + generations.id(slot)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + keys.get(generations.owner(slot)))
                .GET()
                .build();
    }
}
