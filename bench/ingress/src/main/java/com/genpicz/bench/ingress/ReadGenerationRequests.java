package com.genpicz.bench.ingress;

import java.util.List;

/** {@code GET /v1/generations/{id}} of random generations made earlier, each with its owner's key. */
final class ReadGenerationRequests implements RequestSource {

    private final String host;
    private final List<String> keys;
    private final GenerationIds generations;

    ReadGenerationRequests(String host, List<String> keys, GenerationIds generations) {
        if (generations.size() == 0) {
            throw new IllegalStateException("No generation was accepted, so there is nothing to read");
        }
        this.host = host;
        this.keys = keys;
        this.generations = generations;
    }

    @Override
    public String successLabel() {
        return "200";
    }

    @Override
    public byte[] request(long sequence) {
        int slot = generations.randomSlot();
        return RequestBytes.get(host, "/v1/generations/" + generations.id(slot),
                "Authorization: Bearer " + keys.get(generations.owner(slot)) + "\r\n");
    }
}
