package com.genpicz.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, PostgreSQL and S3 for the dev stack, with all data under one root folder ({@code kafka/},
 * {@code postgres/}, {@code s3/}). Durable like a real deployment: PostgreSQL with fsync and synchronous commit on,
 * the broker forcing every append to disk before it acknowledges (docs/deployment.md, "Durability").
 */
public final class LocalInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfrastructure.class);

    /** Where the data lives, the ports (0 = pick a free one) and the S3 credentials. */
    public record Settings(Path dataRoot, int kafkaPort, int postgresPort, int s3Port, String s3AccessKey,
                           String s3SecretKey) {
        public Settings {
            Objects.requireNonNull(dataRoot, "dataRoot");
            Objects.requireNonNull(s3AccessKey, "s3AccessKey");
            Objects.requireNonNull(s3SecretKey, "s3SecretKey");
        }
    }

    private final EmbeddedKafka kafka;
    private final PostgresServer postgres;
    private final S3Server s3;

    private LocalInfrastructure(EmbeddedKafka kafka, PostgresServer postgres, S3Server s3) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.s3 = s3;
    }

    /** Starts the three servers in parallel; if one fails, the others are stopped again and the failure thrown. */
    public static LocalInfrastructure start(Settings settings) {
        long started = System.nanoTime();
        Path root = settings.dataRoot();
        ExecutorService starter = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "infrastructure-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<EmbeddedKafka> kafka = startAsync(starter,
                    () -> EmbeddedKafka.start(root.resolve("kafka"), settings.kafkaPort(), 0,
                            EmbeddedKafka.Durability.FLUSH_EVERY_APPEND));
            CompletableFuture<PostgresServer> postgres = startAsync(starter,
                    () -> PostgresServer.start(root.resolve("postgres"), settings.postgresPort(), Map.of(), false));
            CompletableFuture<S3Server> s3 = startAsync(starter,
                    () -> S3Server.start(root.resolve("s3"), settings.s3Port(), settings.s3AccessKey(),
                            settings.s3SecretKey()));
            try {
                CompletableFuture.allOf(kafka, postgres, s3).join();
            } catch (CompletionException e) {
                closeStarted(List.of(s3, postgres, kafka));
                throw unwrap(e);
            }
            LOG.info("Local infrastructure up after {} ms (data {})", (System.nanoTime() - started) / 1_000_000, root);
            return new LocalInfrastructure(kafka.join(), postgres.join(), s3.join());
        } finally {
            starter.shutdown();
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public S3Server s3() {
        return s3;
    }

    /**
     * Stops S3, then Kafka, then PostgreSQL, after the services that use them; a failure in one does not keep the
     * others running. PostgreSQL has no shutdown hook of its own here: this is what stops it.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable server : List.<AutoCloseable>of(s3, kafka, postgres)) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Stopping the local infrastructure failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> CompletableFuture<T> startAsync(ExecutorService executor, Supplier<T> start) {
        return CompletableFuture.supplyAsync(start, executor);
    }

    private static void closeStarted(List<? extends CompletableFuture<? extends AutoCloseable>> servers) {
        List<AutoCloseable> started = new ArrayList<>();
        for (CompletableFuture<? extends AutoCloseable> server : servers) {
            try {
                started.add(server.join());
            } catch (CompletionException ignored) {
                // This one failed to start; nothing to stop.
            }
        }
        for (AutoCloseable server : started) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Could not stop {} after a failed start: {}", server.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }
}
