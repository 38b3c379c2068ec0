package com.genpicz.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one node), started in-process
 * from Apache Kafka's jars.
 *
 * <p>The data directory survives restarts: the cluster id is kept in {@code cluster.id} and the storage is only
 * formatted once. The broker accepts records up to 16 MiB; producers and consumers still need their own
 * {@code max.request.size} / {@code max.partition.fetch.bytes} raised to send or fetch such records.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Largest record the broker accepts: 16 MiB of payload plus room for keys, headers and batch overhead. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int port;
    private final int saslPort;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, int port, int saslPort) {
        this.server = server;
        this.port = port;
        this.saslPort = saslPort;
    }

    /** When the broker forces what it appended to disk. */
    public enum Durability {
        /**
         * fsync after every append, before the acknowledgement: with one broker (no replicas to hold a copy) an
         * acknowledged event then survives a power cut, not just a crashed process. The local stacks use this.
         */
        FLUSH_EVERY_APPEND,
        /** Kafka's default: the OS writes back when it likes; replication is what makes a cluster durable. */
        PAGE_CACHE
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker with Kafka's default flushing; returns once it
     * accepts clients.
     *
     * @param port the client port, or 0 to pick a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, 0, Durability.PAGE_CACHE);
    }

    /**
     * @param controllerPort the KRaft controller's port, or 0 to pick a free one; a broker restarted on the same
     *                       data keeps working either way, but a fixed one keeps its addresses stable
     */
    public static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Durability durability) {
        return start(dataDir, port, controllerPort, durability, Map.of());
    }

    /**
     * A broker with a second listener that requires SASL/PLAIN with one of {@code users} (name to password), for
     * tests of the clients' security settings; see {@link #saslBootstrapServers()}.
     */
    public static EmbeddedKafka startWithSaslPlain(Path dataDir, Map<String, String> users) {
        return start(dataDir, 0, 0, Durability.PAGE_CACHE, users);
    }

    private static EmbeddedKafka start(Path dataDir, int port, int controllerPort, Durability durability,
                                       Map<String, String> saslUsers) {
        NoisyLoggers.quieten();
        long started = System.nanoTime();
        int brokerPort = FreePort.orPick(port);
        Properties config = brokerConfig(dataDir.toAbsolutePath(), brokerPort, FreePort.orPick(controllerPort));
        int saslPort = saslUsers.isEmpty() ? -1 : FreePort.pick();
        if (!saslUsers.isEmpty()) {
            addSaslPlainListener(config, saslPort, saslUsers);
        }
        if (durability == Durability.FLUSH_EVERY_APPEND) {
            config.setProperty("log.flush.interval.messages", "1");
        }
        try {
            Files.createDirectories(dataDir);
            formatStorage(dataDir, config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka data directory " + dataDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("Kafka broker did not start in " + dataDir, e);
            try {
                server.shutdown();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        LOG.info("Kafka broker listening on 127.0.0.1:{} (data {}) after {} ms",
                brokerPort, dataDir, (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedKafka(server, brokerPort, saslPort);
    }

    private static void addSaslPlainListener(Properties config, int saslPort, Map<String, String> users) {
        config.setProperty("listeners", config.getProperty("listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        config.setProperty("advertised.listeners",
                config.getProperty("advertised.listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        config.setProperty("listener.security.protocol.map",
                config.getProperty("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        config.setProperty("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        config.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    }

    /** The SASL/PLAIN listener's {@code bootstrap.servers}; only for {@link #startWithSaslPlain}. */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return "127.0.0.1:" + saslPort;
    }

    /** The {@code bootstrap.servers} value for clients, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Shuts the broker down and waits until it has stopped; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on port {} stopped after {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    private static Properties brokerConfig(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());

        // A single node: every internal topic has exactly one replica, and few partitions keep start-up quick.
        for (String prefix : new String[] {"offsets.topic", "transaction.state.log", "share.coordinator.state.topic"}) {
            p.setProperty(prefix + ".replication.factor", "1");
            p.setProperty(prefix + ".num.partitions", "1");
        }
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");

        // Image bytes travel through Kafka.
        p.setProperty("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.setProperty("log.segment.bytes", Integer.toString(4 * MAX_MESSAGE_BYTES));

        // Modest footprint: the cleaner's default 128 MiB dedupe buffer alone would dominate a small heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("background.threads", "2");

        // Faster unfencing of the freshly started broker.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        return p;
    }

    private static void formatStorage(Path dataDir, Properties config) throws IOException {
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "Written by EmbeddedKafka; regenerated on every start");
        }
        String clusterId = clusterId(dataDir);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {
                    "format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"}, print);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The cluster id is fixed once per data directory; formatting again with another id would fail. */
    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }
}
