package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class RealInfrastructureTest {

    @Test
    void everyCallGivesADifferentEmptyDatabaseOnTheSharedServer(TestInfrastructure infra) throws Exception {
        DatabaseCoordinates first = infra.newDatabase();
        DatabaseCoordinates second = infra.newDatabase();

        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        PostgresServerTest.execute(first, "CREATE TABLE item (name text)");
        assertThat(tableCount(first)).isEqualTo(1);
        assertThat(tableCount(second)).isZero();
    }

    @Test
    void uniqueNamesAreDistinctAndValidAsBucketNames(TestInfrastructure infra) {
        String first = infra.uniqueName("Orders_Topic");
        String second = infra.uniqueName("Orders_Topic");

        assertThat(first).isNotEqualTo(second).matches("orders-topic-[0-9a-f]{6}");
        assertThat(infra.uniqueName("9")).matches("[a-z][a-z0-9-]{2,62}");
    }

    private static long tableCount(DatabaseCoordinates database) throws Exception {
        try (Connection connection = PostgresServerTest.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
