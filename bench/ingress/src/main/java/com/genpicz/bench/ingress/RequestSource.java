package com.genpicz.bench.ingress;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The requests one phase sends, and what it keeps from the answers. Called from several threads at once. */
interface RequestSource {

    /** The outcome that counts as success, e.g. "202". */
    String successLabel();

    HttpRequest request(long sequence, Duration timeout);

    default void onResponse(long sequence, HttpResponse<Void> response) {
    }
}
