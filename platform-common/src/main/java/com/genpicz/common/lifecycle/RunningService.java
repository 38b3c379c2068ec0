package com.genpicz.common.lifecycle;

import java.util.concurrent.CompletableFuture;

/** A started service: it can be stopped, and it reports when part of it died on its own. */
public interface RunningService extends AutoCloseable {

    /** Completes exceptionally when a consumer loop or worker stopped on a fatal error. */
    CompletableFuture<Void> failure();

    /** The port serving {@code /metrics}, {@code /livez} and {@code /readyz}; -1 when there is none. */
    default int operationsPort() {
        return -1;
    }

    @Override
    void close();
}
