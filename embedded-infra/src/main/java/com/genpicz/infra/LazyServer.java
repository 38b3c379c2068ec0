package com.genpicz.infra;

import java.util.function.Supplier;

/** A server started on first use, each with its own lock so one slow start does not hold up the others. */
final class LazyServer<T extends AutoCloseable> implements AutoCloseable {

    private final Supplier<T> starter;
    private T server;

    LazyServer(Supplier<T> starter) {
        this.starter = starter;
    }

    synchronized T get() {
        if (server == null) {
            server = starter.get();
        }
        return server;
    }

    /** Stops the server if it was ever started; a later {@link #get()} would start a new one. */
    @Override
    public synchronized void close() throws Exception {
        if (server != null) {
            T running = server;
            server = null;
            running.close();
        }
    }
}
