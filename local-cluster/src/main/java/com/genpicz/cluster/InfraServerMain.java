package com.genpicz.cluster;

import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.infra.PostgresServer;
import com.genpicz.infra.S3Server;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One of the local cluster's servers in a JVM of its own, so that the fault run can kill and restart it alone:
 * {@code InfraServerMain kafka|postgres|s3 DATA_DIR PORT [CONTROLLER_PORT]}. Prints {@value #READY} and the
 * endpoint once it serves; SIGTERM stops it cleanly. All durable: Kafka forces every append to disk, PostgreSQL
 * runs with fsync and synchronous commit, S3 keeps its objects in files.
 */
public final class InfraServerMain {

    static final String READY = "genpicz-infra-ready";
    /** The one database of the local cluster. */
    static final String DATABASE = "genpicz";

    private InfraServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String kind = args[0];
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        AutoCloseable server;
        String endpoint;
        switch (kind) {
            case "kafka" -> {
                EmbeddedKafka kafka = EmbeddedKafka.start(data, port, Integer.parseInt(args[3]),
                        EmbeddedKafka.Durability.FLUSH_EVERY_APPEND);
                server = kafka;
                endpoint = kafka.bootstrapServers();
            }
            case "postgres" -> {
                PostgresServer postgres = PostgresServer.start(data, port);
                server = postgres;
                endpoint = postgres.createDatabase(DATABASE).jdbcUrl();
            }
            case "s3" -> {
                S3Server s3 = S3Server.start(data, port, System.getenv("GENPICZ_S3_ACCESS_KEY"),
                        System.getenv("GENPICZ_S3_SECRET_KEY"));
                server = s3;
                endpoint = s3.endpoint();
            }
            default -> throw new IllegalArgumentException("unknown server " + kind + " (kafka, postgres or s3)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping " + kind + " failed: " + e);
            }
            stopped.countDown();
        }, kind + "-shutdown"));
        System.out.println(READY + " " + kind + " " + endpoint);
        System.out.flush();
        stopped.await();
    }
}
