package com.genpicz.bench.durability;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.infra.DataFolders;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.infra.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What "accepted means on disk" costs on the local servers, each setting measured against the one without it on
 * the same machine in the same run: a PostgreSQL transaction like the API's (one row and its outbox row, and a
 * batch of 256), and a Kafka send like the pipeline's (one event waited for, and a pipelined stream), with the
 * producer settings every service uses.
 */
public final class DurabilityBenchMain {

    private static final int SEQUENTIAL = 2_000;
    private static final int PIPELINED = 50_000;
    private static final byte[] EVENT = new byte[600];

    private DurabilityBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "bench/durability/target/data").toAbsolutePath();
        DataFolders.wipe(root);
        Files.createDirectories(root);
        System.out.println("# " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu() + ", Java "
                + System.getProperty("java.version"));
        System.out.println("| setting | one at a time: p50 / p99 ms | throughput |");
        System.out.println("|---|---|---|");
        postgres(root.resolve("pg-durable"), PostgresServer.DURABLE, "PostgreSQL fsync + synchronous commit (local default)");
        postgres(root.resolve("pg-volatile"), Map.of("fsync", "off", "synchronous_commit", "off"),
                "PostgreSQL fsync off, synchronous commit off (the embedding library's default)");
        kafka(root.resolve("kafka-flush"), EmbeddedKafka.Durability.FLUSH_EVERY_APPEND,
                "Kafka flush every append (local default)");
        kafka(root.resolve("kafka-cache"), EmbeddedKafka.Durability.PAGE_CACHE, "Kafka page cache (Kafka's default)");
    }

    private static void postgres(Path data, Map<String, String> settings, String name) throws SQLException {
        try (PostgresServer server = PostgresServer.start(data, 0, settings)) {
            DatabaseCoordinates db = server.createDatabase("bench");
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                connection.createStatement().execute("create table generations (id text primary key, body text)");
                connection.createStatement().execute("create table outbox (id bigserial primary key, body text)");
                connection.setAutoCommit(false);
                try (PreparedStatement generation = connection.prepareStatement(
                        "insert into generations values (?, ?)");
                     PreparedStatement outbox = connection.prepareStatement("insert into outbox (body) values (?)")) {
                    long[] nanos = new long[SEQUENTIAL];
                    for (int i = 0; i < SEQUENTIAL; i++) {
                        long started = System.nanoTime();
                        insert(generation, outbox, "one-" + i);
                        connection.commit();
                        nanos[i] = System.nanoTime() - started;
                    }
                    int batches = 200;
                    long started = System.nanoTime();
                    for (int b = 0; b < batches; b++) {
                        for (int i = 0; i < 256; i++) {
                            insert(generation, outbox, "batch-" + b + "-" + i);
                        }
                        connection.commit();
                    }
                    double perSecond = batches * 256 / ((System.nanoTime() - started) / 1e9);
                    row(name, nanos, String.format("%,.0f generations/s in transactions of 256", perSecond));
                }
            }
        }
    }

    private static void insert(PreparedStatement generation, PreparedStatement outbox, String id) throws SQLException {
        generation.setString(1, id);
        generation.setString(2, "a red circle on a blue background");
        generation.executeUpdate();
        outbox.setString(1, id);
        outbox.executeUpdate();
    }

    private static void kafka(Path data, EmbeddedKafka.Durability durability, String name) throws Exception {
        try (EmbeddedKafka broker = EmbeddedKafka.start(data, 0, 0, durability)) {
            KafkaConfig config = new KafkaConfig(broker.bootstrapServers(), "bench.", 1);
            try (Admin admin = KafkaClients.admin(config)) {
                admin.createTopics(List.of(new NewTopic("events", 6, (short) 1))).all().get();
            }
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(config, "durability-bench")) {
                long[] nanos = new long[SEQUENTIAL];
                for (int i = 0; i < SEQUENTIAL; i++) {
                    long started = System.nanoTime();
                    producer.send(new ProducerRecord<>("events", "gen-" + i, EVENT)).get();
                    nanos[i] = System.nanoTime() - started;
                }
                List<Future<?>> acks = new ArrayList<>(PIPELINED);
                long started = System.nanoTime();
                for (int i = 0; i < PIPELINED; i++) {
                    acks.add(producer.send(new ProducerRecord<>("events", "gen-" + i, EVENT)));
                }
                for (Future<?> ack : acks) {
                    ack.get();
                }
                double perSecond = PIPELINED / ((System.nanoTime() - started) / 1e9);
                row(name, nanos, String.format("%,.0f events/s pipelined", perSecond));
            }
        }
    }

    private static void row(String name, long[] nanos, String throughput) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %.2f / %.2f | %s |%n", name, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, throughput);
    }

    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
