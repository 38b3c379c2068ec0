package com.genpicz.bench.ingress;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load generator: keeps a fixed number of requests in flight, one per keep-alive HTTP/1.1
 * connection, sending the next one on a connection as soon as its answer is in, until the window ends or the
 * request cap is reached. Every request carries a timeout, so a hanging server shows up as "timeout" outcomes
 * rather than a hanging benchmark.
 *
 * <p>One thread on non-blocking sockets writing pre-encoded requests, like wrk: the load client shares the two
 * cores with the server it measures, and {@code java.net.http.HttpClient} took a fifth of them at 8,000 requests/s.
 */
final class ClosedLoopLoad implements AutoCloseable {

    /** Far above what the API can do on one machine; only there so that no loop is ever unbounded in count. */
    static final int MAX_REQUESTS_PER_SECOND = 50_000;
    static final String THREAD_NAME = "bench-client";

    private static final long RECONNECT_PAUSE_NANOS = 100_000_000L;
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long SELECT_MILLIS = 10;

    private final InetSocketAddress server;
    private final int concurrency;
    private final Duration requestTimeout;
    // One long-lived thread of its own, so that the CPU table can tell the load client from the rest of this JVM
    // (a thread that has exited by the time CPU is read would count as "exited JVM threads").
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread loadThread = new Thread(runnable, THREAD_NAME);
        loadThread.setDaemon(true);
        return loadThread;
    });

    ClosedLoopLoad(InetSocketAddress server, int concurrency, Duration requestTimeout) {
        this.server = server;
        this.concurrency = concurrency;
        this.requestTimeout = requestTimeout;
    }

    /** Runs {@code source} for {@code window} and returns the recorder, with the stragglers already in. */
    PhaseRecorder run(String name, Duration window, RequestSource source) throws InterruptedException {
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, window.toSeconds()) * MAX_REQUESTS_PER_SECOND);
        return run(name, window, source, cap);
    }

    /** Sends one request and returns its outcome: the status code, "refused", "timeout" or "io-error". */
    String once(RequestSource source) throws InterruptedException {
        Map<String, Long> outcomes = run("one request", requestTimeout, source, 1)
                .result(MachineInfo.loadAverage()).outcomes();
        return outcomes.keySet().iterator().next();
    }

    private PhaseRecorder run(String name, Duration window, RequestSource source, int cap) throws InterruptedException {
        long start = System.nanoTime();
        PhaseRecorder recorder = new PhaseRecorder(name, source.successLabel(), start, window, cap);
        Future<?> done = worker.submit(() -> {
            try (Selector selector = Selector.open()) {
                new LoadRun(selector, source, recorder, start + window.toNanos(), cap).run(name);
            }
            return null;
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": the load client failed", e.getCause());
        }
        return recorder;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** One keep-alive connection and the request on it, if any. */
    private static final class Connection {
        private final ResponseParser parser = new ResponseParser();
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer unsent;
        private boolean busy;
        private long sequence;
        private long begin;
        private long reconnectAt;
    }

    /** The state of one phase; touched by the load thread only. */
    private final class LoadRun {
        private final Selector selector;
        private final RequestSource source;
        private final PhaseRecorder recorder;
        private final long deadline;
        private final int cap;
        private final List<Connection> connections = new ArrayList<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        private long sent;

        LoadRun(Selector selector, RequestSource source, PhaseRecorder recorder, long deadline, int cap) {
            this.selector = selector;
            this.source = source;
            this.recorder = recorder;
            this.deadline = deadline;
            this.cap = cap;
            for (int i = 0; i < concurrency; i++) {
                connections.add(new Connection());
            }
        }

        void run(String name) throws IOException {
            // Requests still in flight after the window may finish: each is bounded by its own timeout.
            long drainDeadline = deadline + requestTimeout.toNanos() + 2_000_000_000L;
            try {
                while (sending() || anyBusy()) {
                    if (System.nanoTime() > drainDeadline) {
                        throw new IllegalStateException(name + ": requests still in flight long after the window");
                    }
                    startIdleConnections();
                    selector.select(SELECT_MILLIS);
                    handleReadyKeys();
                    expireTimedOut();
                }
            } finally {
                connections.forEach(this::close);
            }
        }

        private boolean sending() {
            return sent < cap && System.nanoTime() < deadline;
        }

        private boolean anyBusy() {
            for (Connection connection : connections) {
                if (connection.busy) {
                    return true;
                }
            }
            return false;
        }

        private void startIdleConnections() {
            long now = System.nanoTime();
            for (Connection connection : connections) {
                if (!connection.busy && now >= connection.reconnectAt && sending()) {
                    send(connection);
                }
            }
        }

        private void send(Connection connection) {
            long sequence = sent++;
            long begin = System.nanoTime();
            try {
                if (connection.channel == null) {
                    open(connection);
                }
                connection.sequence = sequence;
                connection.begin = begin;
                connection.busy = true;
                connection.unsent = ByteBuffer.wrap(source.request(sequence));
                connection.channel.write(connection.unsent);
                connection.key.interestOps(connection.unsent.hasRemaining()
                        ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            } catch (IOException e) {
                long end = System.nanoTime();
                recorder.record(e instanceof ConnectException ? "refused" : "io-error", end - begin, end);
                connection.busy = false;
                close(connection);
                connection.reconnectAt = end + RECONNECT_PAUSE_NANOS;
            }
        }

        private void open(Connection connection) throws IOException {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.socket().connect(server, CONNECT_TIMEOUT_MILLIS);
                channel.configureBlocking(false);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connection.channel = channel;
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        private void handleReadyKeys() {
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                Connection connection = (Connection) key.attachment();
                try {
                    if (key.isValid() && key.isWritable()) {
                        writeRest(connection);
                    }
                    if (key.isValid() && key.isReadable()) {
                        read(connection);
                    }
                } catch (IOException | RuntimeException e) {
                    fail(connection, "io-error");
                }
            }
        }

        private void writeRest(Connection connection) throws IOException {
            connection.channel.write(connection.unsent);
            if (!connection.unsent.hasRemaining()) {
                connection.key.interestOps(SelectionKey.OP_READ);
            }
        }

        private void read(Connection connection) throws IOException {
            readBuffer.clear();
            int read = connection.channel.read(readBuffer);
            if (read < 0) {
                fail(connection, "io-error");
                return;
            }
            readBuffer.flip();
            ResponseParser.Response response = connection.parser.feed(readBuffer);
            if (response == null) {
                return;
            }
            if (readBuffer.hasRemaining() || !connection.busy) {
                throw new IllegalStateException("bytes after the response to a request not yet sent");
            }
            complete(connection, response);
        }

        private void complete(Connection connection, ResponseParser.Response response) {
            long end = System.nanoTime();
            connection.busy = false;
            source.onResponse(connection.sequence, response);
            recorder.record(Integer.toString(response.status()), end - connection.begin, end);
            if (response.closesConnection()) {
                close(connection);
            } else if (sending()) {
                send(connection);
            }
        }

        private void expireTimedOut() {
            long now = System.nanoTime();
            for (Connection connection : connections) {
                if (connection.busy && now - connection.begin > requestTimeout.toNanos()) {
                    fail(connection, "timeout");
                }
            }
        }

        private void fail(Connection connection, String outcome) {
            if (connection.busy) {
                long end = System.nanoTime();
                recorder.record(outcome, end - connection.begin, end);
                connection.busy = false;
            }
            close(connection);
        }

        private void close(Connection connection) {
            if (connection.channel != null) {
                try {
                    connection.channel.close();
                } catch (IOException ignored) {
                    // Closing a socket we abandon: nothing left to do with it.
                }
                connection.channel = null;
                connection.key = null;
            }
            // A new connection starts with a fresh parser state.
            connection.parser.reset();
        }
    }
}
