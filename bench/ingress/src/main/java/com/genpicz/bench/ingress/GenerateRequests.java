package com.genpicz.bench.ingress;

import java.util.List;

/**
 * {@code POST /v1/generate} in async mode ({@code Prefer: respond-async}), the keys taken in turn so that every
 * account gets an even share; each accepted generation is remembered for the read phase.
 */
final class GenerateRequests implements RequestSource {

    private final String host;
    private final List<String> keys;
    private final GenerationIds accepted;

    GenerateRequests(String host, List<String> keys, GenerationIds accepted) {
        this.host = host;
        this.keys = keys;
        this.accepted = accepted;
    }

    @Override
    public String successLabel() {
        return "202";
    }

    @Override
    public byte[] request(long sequence) {
        // 512×512 "standard" costs one credit; the prompt varies so that no two bodies are identical.
        String body = "{\"prompt\":\"benchmark prompt " + sequence
                + ", a lighthouse at dusk\",\"width\":512,\"height\":512,\"quality\":\"standard\"}";
        return RequestBytes.postJson(host, "/v1/generate",
                "Authorization: Bearer " + keys.get(keyIndex(sequence)) + "\r\nPrefer: respond-async\r\n", body);
    }

    @Override
    public void onResponse(long sequence, ResponseParser.Response response) {
        if (response.status() == 202 && response.location() != null) {
            String location = response.location();
            accepted.add(keyIndex(sequence), location.substring(location.lastIndexOf('/') + 1));
        }
    }

    private int keyIndex(long sequence) {
        return (int) (sequence % keys.size());
    }
}
