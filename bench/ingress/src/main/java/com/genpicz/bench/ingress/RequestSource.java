package com.genpicz.bench.ingress;

/** The requests one phase sends, and what it keeps from the answers. Called from the load client's thread. */
interface RequestSource {

    /** The outcome that counts as success, e.g. "202". */
    String successLabel();

    /** The whole HTTP/1.1 request, as {@link RequestBytes} encodes it. */
    byte[] request(long sequence);

    default void onResponse(long sequence, ResponseParser.Response response) {
    }
}
