package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private final LazyServer<EmbeddedKafka> kafka;
    private final LazyServer<PostgresServer> postgres;
    private final LazyServer<S3Server> s3;

    private EmbeddedTestServers(Path root) {
        kafka = new LazyServer<>(() -> EmbeddedKafka.start(root.resolve("kafka"), 0));
        postgres = new LazyServer<>(() -> PostgresServer.start(root.resolve("postgres"), 0, THROWAWAY_POSTGRES));
        s3 = new LazyServer<>(() -> S3Server.start(null, 0, S3_ACCESS_KEY, S3_SECRET_KEY));
    }

    static EmbeddedTestServers underTarget() {
        Path base = Path.of("target", "infra").toAbsolutePath();
        removeLeftoversOfDeadJvms(base);
        return new EmbeddedTestServers(base.resolve(Long.toString(ProcessHandle.current().pid())));
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.get().bootstrapServers();
    }

    @Override
    public DatabaseCoordinates createDatabase(String name) {
        return postgres.get().createDatabase(name);
    }

    @Override
    public String s3Endpoint() {
        return s3.get().endpoint();
    }

    @Override
    public String s3AccessKey() {
        return s3.get().accessKey();
    }

    @Override
    public String s3SecretKey() {
        return s3.get().secretKey();
    }

    @Override
    public void close() {
        for (LazyServer<?> server : List.of(s3, postgres, kafka)) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Could not stop a shared test server: {}", e.toString());
            }
        }
    }

    /** A test JVM that was killed leaves its folder and possibly a running postgres behind. */
    private static void removeLeftoversOfDeadJvms(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> folders = Files.list(base)) {
            folders.filter(EmbeddedTestServers::belongsToDeadJvm).forEach(folder -> {
                OrphanPostgres.stopIfRunning(folder.resolve("postgres"));
                DataFolders.wipe(folder);
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

}
