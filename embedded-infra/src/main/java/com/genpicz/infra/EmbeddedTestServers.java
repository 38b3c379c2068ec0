package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process servers shared by all tests of one JVM. Each starts on first use, so a test suite that only
 * needs PostgreSQL never pays for a Kafka broker. Data lives under {@code target/infra/<pid>}, fresh per JVM.
 */
final class EmbeddedTestServers implements TestServers {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTestServers.class);

    /** Durability is pointless for throw-away test data, and CREATE DATABASE is much faster without fsync. */
    private static final Map<String, String> THROWAWAY_POSTGRES = Map.of(
            "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

    private final Path root;
    private EmbeddedKafka kafka;
    private PostgresServer postgres;
    private S3Server s3;

    private EmbeddedTestServers(Path root) {
        this.root = root;
    }

    static EmbeddedTestServers underTarget() {
        Path base = Path.of("target", "infra").toAbsolutePath();
        removeLeftoversOfDeadJvms(base);
        return new EmbeddedTestServers(base.resolve(Long.toString(ProcessHandle.current().pid())));
    }

    @Override
    public synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
        }
        return kafka.bootstrapServers();
    }

    @Override
    public DatabaseCoordinates createDatabase(String name) {
        return postgres().createDatabase(name);
    }

    @Override
    public String s3Endpoint() {
        return s3().endpoint();
    }

    @Override
    public String s3AccessKey() {
        return s3().accessKey();
    }

    @Override
    public String s3SecretKey() {
        return s3().secretKey();
    }

    private synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(root.resolve("postgres"), 0, THROWAWAY_POSTGRES);
        }
        return postgres;
    }

    private synchronized S3Server s3() {
        if (s3 == null) {
            s3 = S3Server.start(null, 0, S3_ACCESS_KEY, S3_SECRET_KEY);
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable server : new AutoCloseable[] {s3, postgres, kafka}) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception e) {
                    LOG.warn("Could not stop shared {}: {}", server.getClass().getSimpleName(), e.toString());
                }
            }
        }
        s3 = null;
        postgres = null;
        kafka = null;
    }

    /** A test JVM that was killed leaves its folder and possibly a running postgres behind. */
    private static void removeLeftoversOfDeadJvms(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> folders = Files.list(base)) {
            folders.filter(EmbeddedTestServers::belongsToDeadJvm).forEach(folder -> {
                OrphanPostgres.stopIfRunning(folder.resolve("postgres"));
                deleteRecursively(folder);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + base, e);
        }
    }

    private static boolean belongsToDeadJvm(Path folder) {
        try {
            long pid = Long.parseLong(folder.getFileName().toString());
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", folder, e.toString());
        }
    }
}
