package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesCloseAndRestartOnTheSameDirectory() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(dataDir, 0)) {
            execute(postgres.createDatabase("shop"), "CREATE TABLE item (name text); INSERT INTO item VALUES ('lamp')");
        }
        try (PostgresServer restarted = PostgresServer.start(dataDir, 0)) {
            DatabaseCoordinates again = restarted.createDatabase("shop");

            assertThat(again).isEqualTo(restarted.database("shop"));
            assertThat(again.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + restarted.port() + "/shop");
            assertThat(queryNames(again)).as("createDatabase on an existing database keeps its data").isEqualTo("lamp");
        }
    }

    @Test
    void aCommittedTransactionIsOnDiskBecauseFsyncAndSynchronousCommitAreOn() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(dataDir, 0)) {
            DatabaseCoordinates db = postgres.createDatabase("durable");
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(db, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void refusesADataDirectoryThatALiveServerStillUses() {
        try (PostgresServer postgres = PostgresServer.start(dataDir, 0)) {
            assertThatThrownBy(() -> PostgresServer.start(dataDir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(OrphanPostgres.runningPostmaster(dataDir.toAbsolutePath())).as("first server untouched").isPresent();
        }
    }

    @Test
    void startsAgainAfterItsOwningJvmWasKilled() throws Exception {
        Process owner = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PostgresOwner.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(readUntilReady(owner)).as("child JVM output").contains(PostgresOwner.READY);
            owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Optional<ProcessHandle> orphan = OrphanPostgres.runningPostmaster(dataDir.toAbsolutePath());
            assertThat(orphan).as("postgres outlives its killed owner").isPresent();

            try (PostgresServer postgres = PostgresServer.start(dataDir, 0)) {
                assertThat(OrphanPostgres.runningPostmaster(dataDir.toAbsolutePath()))
                        .as("a new postmaster replaced the orphan")
                        .hasValueSatisfying(p -> assertThat(p.pid()).isNotEqualTo(orphan.get().pid()));
                assertThat(queryNames(postgres.database(PostgresOwner.DATABASE))).isEqualTo("written by the owner");
            }
            assertThat(OrphanPostgres.runningPostmaster(dataDir.toAbsolutePath())).as("nothing left after close").isEmpty();
        } finally {
            owner.destroyForcibly();
            OrphanPostgres.stopIfRunning(dataDir.toAbsolutePath());
        }
    }

    private static String readUntilReady(Process process) throws Exception {
        StringBuilder output = new StringBuilder();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith(PostgresOwner.READY)) {
                break;
            }
        }
        return output.toString();
    }

    static void execute(DatabaseCoordinates database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String setting(DatabaseCoordinates db, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    static String queryNames(DatabaseCoordinates database) throws SQLException {
        try (Connection connection = connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT string_agg(name, ',') FROM item")) {
            rows.next();
            return rows.getString(1);
        }
    }

    static Connection connect(DatabaseCoordinates database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
