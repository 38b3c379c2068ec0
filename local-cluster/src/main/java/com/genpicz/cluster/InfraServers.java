package com.genpicz.cluster;

import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cluster's Kafka broker, PostgreSQL server and S3 server, each in its own JVM on ports fixed for the
 * cluster's lifetime, so that a restarted server is found where the services expect it.
 */
public final class InfraServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InfraServers.class);
    private static final Duration START_LIMIT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path dataDir;
    private final String s3AccessKey;
    private final String s3SecretKey;
    private final int kafkaPort = FreePort.pick();
    private final int controllerPort = FreePort.pick();
    private final int postgresPort = FreePort.pick();
    private final int s3Port = FreePort.pick();
    private ChildProcess kafka;
    private ChildProcess postgres;
    private ChildProcess s3;

    private InfraServers(Path dataDir, String s3AccessKey, String s3SecretKey) {
        this.dataDir = dataDir.toAbsolutePath();
        this.s3AccessKey = s3AccessKey;
        this.s3SecretKey = s3SecretKey;
    }

    static InfraServers start(Path dataDir, String s3AccessKey, String s3SecretKey) {
        InfraServers servers = new InfraServers(dataDir, s3AccessKey, s3SecretKey);
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(servers::startKafka),
                    CompletableFuture.runAsync(servers::startPostgres),
                    CompletableFuture.runAsync(servers::startS3)).join();
            return servers;
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public DatabaseCoordinates database() {
        return new DatabaseCoordinates("jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + InfraServerMain.DATABASE,
                "postgres", "postgres");
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** kill -9 of the broker, then a start on the same data and ports: acknowledged records must survive. */
    public void restartKafka() {
        kafka.kill();
        startKafka();
    }

    /**
     * An immediate shutdown of PostgreSQL (what a crash or power cut leaves: no checkpoint, recovery from the WAL
     * at the next start), then a start on the same data and port.
     */
    public void restartPostgres() {
        stopPostgresImmediately();
        postgres.kill();
        startPostgres();
    }

    /** Stops the S3 server; {@link #startS3()} brings it back with the objects it had. */
    public void stopS3() {
        s3.kill();
    }

    public synchronized void startS3() {
        s3 = start("s3", s3Port, List.of(), List.of("-Xmx256m"));
    }

    private synchronized void startKafka() {
        kafka = start("kafka", kafkaPort, List.of(Integer.toString(controllerPort)), List.of("-Xmx384m"));
    }

    private synchronized void startPostgres() {
        // On a machine that never ran PostgreSQL here, this JVM first unpacks the binaries: zonky's xz decoder
        // holds a 64 MiB dictionary, which a 96 MiB heap could not (a fresh machine's fault run died on it).
        postgres = start("postgres", postgresPort, List.of(), List.of("-Xmx256m"));
    }

    private ChildProcess start(String kind, int port, List<String> extraArgs, List<String> jvmOptions) {
        List<String> args = new java.util.ArrayList<>(List.of(kind, dataDir.resolve(kind).toString(),
                Integer.toString(port)));
        args.addAll(extraArgs);
        List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.add("-XX:+UseSerialGC");
        ChildProcess child = ChildProcess.start(kind, options, InfraServerMain.class.getName(), args,
                Map.of("GENPICZ_S3_ACCESS_KEY", s3AccessKey, "GENPICZ_S3_SECRET_KEY", s3SecretKey),
                dataDir.resolve("logs").resolve(kind + ".log"), InfraServerMain.READY);
        log.info("event=server_started {}", child.awaitReady(START_LIMIT));
        return child;
    }

    /** SIGQUIT to the postmaster: PostgreSQL's immediate shutdown, which recovers from the WAL on the next start. */
    private void stopPostgresImmediately() {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
            kill.waitFor();
            ProcessHandle.of(pid).ifPresent(postmaster -> postmaster.onExit().orTimeout(30,
                    java.util.concurrent.TimeUnit.SECONDS).join());
        } catch (IOException | RuntimeException e) {
            log.warn("event=postgres_immediate_stop_failed reason=\"{}\"", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops S3, PostgreSQL and Kafka cleanly. */
    @Override
    public synchronized void close() {
        for (ChildProcess server : new ChildProcess[] {s3, postgres, kafka}) {
            if (server != null && server.isAlive()) {
                server.stop(STOP_GRACE);
            }
        }
    }
}
