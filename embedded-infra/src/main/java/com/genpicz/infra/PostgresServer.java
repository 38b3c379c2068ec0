package com.genpicz.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) with a persistent data directory.
 *
 * <p>An existing data directory is reused as is. A server left running on it by a JVM that was killed is
 * stopped first. Connections use trust authentication as user {@code postgres}.
 *
 * <p>Durable unless told otherwise: zonky's own defaults turn {@code fsync} and {@code synchronous_commit} off,
 * which survives a crashed process but not a power cut, so this server sets both on (and full-page writes), and a
 * committed transaction — "accepted" — is on disk. Throw-away test servers pass their own settings.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    /** PostgreSQL's own defaults, restated because the embedding library changes them. */
    public static final Map<String, String> DURABLE = Map.of(
            "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final int port;
    private boolean closed;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir, int port) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}. An empty directory gets a fresh cluster (copied from an initdb'd
     * template kept next to the binaries, which is faster than initdb); an existing cluster is reused as is.
     *
     * @param port the port, or 0 to pick a free one
     */
    public static PostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Like {@link #start(Path, int)} with extra {@code postgresql.conf} settings, which win over {@link #DURABLE},
     * e.g. {@code fsync=off} for throw-away test servers.
     */
    public static PostgresServer start(Path dataDir, int port, Map<String, String> serverConfig) {
        return start(dataDir, port, serverConfig, true);
    }

    /**
     * @param stopsWithTheJvm whether the server stops by itself when this JVM exits (zonky's shutdown hook). A
     *                        process that stops its services in order passes false and closes the server last:
     *                        the hook would stop the database while the services still drain into it.
     */
    public static PostgresServer start(Path dataDir, int port, Map<String, String> serverConfig,
                                       boolean stopsWithTheJvm) {
        NoisyLoggers.quieten();
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        DataDirectoryLock.requireNoLiveOwner(dir);
        OrphanPostgres.stopIfRunning(dir);
        ClusterTemplate.copyIntoIfFresh(dir);
        int serverPort = FreePort.orPick(port);
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(serverPort)
                    .setOverrideWorkingDirectory(BinariesDirectory.path().toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setRegisterShutdownHook(stopsWithTheJvm);
            DURABLE.forEach(builder::setServerConfig);
            serverConfig.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            LOG.info("PostgreSQL listening on 127.0.0.1:{} (data {}) after {} ms",
                    serverPort, dir, (System.nanoTime() - started) / 1_000_000);
            return new PostgresServer(postgres, dir, serverPort);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on " + dir, e);
        }
    }

    /** Creates database {@code name} unless it exists; names are lower-case SQL identifiers. */
    public DatabaseCoordinates createDatabase(String name) {
        try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
            Databases.createIfMissing(admin, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return database(name);
    }

    /** Coordinates of database {@code name}, without creating it. */
    public DatabaseCoordinates database(String name) {
        Databases.requireValidName(name);
        return new DatabaseCoordinates("jdbc:postgresql://127.0.0.1:" + port + "/" + name, USER, PASSWORD);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** Stops the server (fast shutdown) and waits until no postgres process is left; repeat calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("pg_ctl stop failed for {}: {}", dataDir, e.toString());
        }
        // pg_ctl gives up after a few seconds; make sure nothing keeps running on the directory regardless.
        OrphanPostgres.stopIfRunning(dataDir);
        LOG.info("PostgreSQL on port {} stopped after {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }
}
