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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An HTTP/1.1 load generator over a fixed set of keep-alive connections, one request in flight per connection, in
 * one of two shapes until the window ends or the request cap is reached:
 * <ul>
 *   <li><b>closed loop</b> ({@link #run}): every connection sends its next request as soon as its answer is in, so
 *       the server runs flat out and the latency is that of a saturated server;</li>
 *   <li><b>fixed rate</b> ({@link #runAtRate}): requests are due at a steady rate whatever the server does, as
 *       wrk2 does; a request that finds every connection busy waits, and its latency counts from when it was due,
 *       so a stalling server cannot hide its stall by slowing the client down (no coordinated omission).</li>
 * </ul>
 * Every request carries a timeout, so a hanging server shows up as "timeout" outcomes rather than a hanging
 * benchmark.
 *
 * <p>One thread on non-blocking sockets writing pre-encoded requests, like wrk: the load client shares the two
 * cores with the server it measures, and {@code java.net.http.HttpClient} took a fifth of them at 8,000 requests/s.
 */
final class HttpLoad implements AutoCloseable {

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

    HttpLoad(InetSocketAddress server, int concurrency, Duration requestTimeout) {
        this.server = server;
        this.concurrency = concurrency;
        this.requestTimeout = requestTimeout;
    }

    /** Runs {@code source} closed-loop for {@code window} and returns the recorder, stragglers already in. */
    PhaseRecorder run(String name, Duration window, RequestSource source) throws InterruptedException {
        return run(name, window, source, capFor(window), 0);
    }

    /** Runs {@code source} at {@code perSecond} requests a second for {@code window}; latencies count from due. */
    PhaseRecorder runAtRate(String name, Duration window, RequestSource source, int perSecond)
            throws InterruptedException {
        if (perSecond < 1 || perSecond > MAX_REQUESTS_PER_SECOND) {
            throw new IllegalArgumentException("rate must be 1.." + MAX_REQUESTS_PER_SECOND + ", got " + perSecond);
        }
        return run(name, window, source, capFor(window), 1_000_000_000L / perSecond);
    }

    private static int capFor(Duration window) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, window.toSeconds()) * MAX_REQUESTS_PER_SECOND);
    }

    /** Sends one request and returns its outcome: the status code, "refused", "timeout" or "io-error". */
    String once(RequestSource source) throws InterruptedException {
        return run("one request", requestTimeout, source, 1, 0).outcomeCounts().keySet().iterator().next();
    }

    /** {@code intervalNanos} 0: closed loop. */
    private PhaseRecorder run(String name, Duration window, RequestSource source, int cap, long intervalNanos)
            throws InterruptedException {
        long start = System.nanoTime();
        PhaseRecorder recorder = new PhaseRecorder(name, source.successLabel(), start, window, cap);
        Future<?> done = worker.submit(() -> {
            try (Selector selector = Selector.open()) {
                new LoadRun(selector, source, recorder, start, window, cap, intervalNanos).run(name);
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
        private final long start;
        private final long deadline;
        private final int cap;
        private final long intervalNanos;
        private final List<Connection> connections = new ArrayList<>();
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        private long sent;

        LoadRun(Selector selector, RequestSource source, PhaseRecorder recorder, long start, Duration window, int cap,
                long intervalNanos) {
            this.selector = selector;
            this.source = source;
            this.recorder = recorder;
            this.start = start;
            this.deadline = start + window.toNanos();
            this.cap = cap;
            this.intervalNanos = intervalNanos;
            for (int i = 0; i < concurrency; i++) {
                connections.add(new Connection());
            }
        }

        void run(String name) throws IOException {
            // Requests still in flight after the window may finish: each is bounded by its own timeout.
            long drainDeadline = deadline + requestTimeout.toNanos() + 2_000_000_000L;
            try {
                while (inWindow() || anyBusy()) {
                    if (System.nanoTime() > drainDeadline) {
                        throw new IllegalStateException(name + ": requests still in flight long after the window");
                    }
                    startIdleConnections();
                    selector.select(selectMillis());
                    handleReadyKeys();
                    expireTimedOut();
                }
            } finally {
                connections.forEach(this::close);
            }
            if (intervalNanos > 0) {
                // Due within the window but never sent because every connection was still busy: the server fell
                // behind the rate. Counted, so that a short-fall cannot pass for a fast answer.
                long dueInWindow = Math.min(cap, (deadline - start + intervalNanos - 1) / intervalNanos);
                recorder.recordUnsent(Math.max(0, dueInWindow - sent));
            }
        }

        /** Whether requests may still start: in the window and under the cap. */
        private boolean inWindow() {
            return sent < cap && System.nanoTime() < deadline;
        }

        /** Whether another request should start now: in the window and, at a fixed rate, due. */
        private boolean due() {
            return inWindow() && (intervalNanos == 0 || nextDue() <= System.nanoTime());
        }

        /** When the next request is due at a fixed rate (the k-th at start + k × interval). */
        private long nextDue() {
            return start + sent * intervalNanos;
        }

        private long selectMillis() {
            if (intervalNanos == 0) {
                return SELECT_MILLIS;
            }
            long untilDue = nextDue() - System.nanoTime();
            // Select's resolution is a millisecond: wake at most a millisecond late, never busy-spin.
            return Math.max(1, Math.min(SELECT_MILLIS, untilDue / 1_000_000));
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
                if (!connection.busy && now >= connection.reconnectAt && due()) {
                    send(connection);
                }
            }
        }

        private void send(Connection connection) {
            // At a fixed rate the latency counts from when the request was due, not from when a connection freed.
            long begin = intervalNanos == 0 ? System.nanoTime() : nextDue();
            long sequence = sent++;
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
            } else if (due()) {
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
