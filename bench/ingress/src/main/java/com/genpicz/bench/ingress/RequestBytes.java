package com.genpicz.bench.ingress;

import java.nio.charset.StandardCharsets;

/** Encodes the benchmark's HTTP/1.1 requests, once, so that sending one is a single socket write. */
final class RequestBytes {

    private RequestBytes() {
    }

    static byte[] get(String host, String path, String headers) {
        return encode("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\n", new byte[0]);
    }

    static byte[] postJson(String host, String path, String headers, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return encode("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    }

    private static byte[] encode(String head, byte[] body) {
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return bytes;
    }
}
