package com.genpicz.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class DatabaseTest {

    @Test
    void migratingAFreshDatabaseCreatesEveryTableAndMigratingAgainChangesNothing(TestInfrastructure infra) {
        try (Database database = connect(infra.newDatabase())) {
            database.migrate();
            database.migrate();

            List<String> tables = database.jdbi().withHandle(handle -> handle.createQuery("""
                            select table_name from information_schema.tables
                            where table_schema = 'public' and table_name <> 'flyway_schema_history'""")
                    .mapTo(String.class).list());
            assertThat(tables).containsExactlyInAnyOrder("accounts", "api_keys", "generations", "outbox",
                    "rate_limit_windows", "credit_ledger", "webhook_deliveries", "generation_settlements",
                    "webhook_subscriptions", "webhook_attempts", "generation_stages");
            int applied = database.jdbi().withHandle(handle -> handle.createQuery(
                    "select count(*) from flyway_schema_history where success").mapTo(Integer.class).one());
            assertThat(applied).isEqualTo(6);
        }
    }

    @Test
    void theLedgerAcceptsOnlyOneDebitPerGeneration(TestInfrastructure infra) {
        try (Database database = connect(infra.newDatabase()).migrate()) {
            database.jdbi().useHandle(handle -> {
                insertAccount(handle, 5);
                debit(handle, "gen_a");
                debit(handle, "gen_b");

                assertThatThrownBy(() -> debit(handle, "gen_a"))
                        .isInstanceOf(UnableToExecuteStatementException.class)
                        .hasMessageContaining("credit_ledger_once_per_generation");
            });
        }
    }

    @Test
    void aBalanceCanNeverGoBelowZero(TestInfrastructure infra) {
        try (Database database = connect(infra.newDatabase()).migrate()) {
            database.jdbi().useHandle(handle -> {
                insertAccount(handle, 1);

                assertThatThrownBy(() -> handle.execute("update accounts set credits = credits - 2"))
                        .hasMessageContaining("credits");
            });
        }
    }

    @Test
    void connectingToADatabaseThatIsDownDoesNotFailUntilItIsUsed() {
        DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/none", "u", "p", 1);

        try (Database database = Database.connect(nowhere, "down")) {
            assertThatThrownBy(() -> database.jdbi().withHandle(handle -> handle.execute("select 1")))
                    .isNotNull();
        }
    }

    private static Database connect(DatabaseCoordinates coordinates) {
        return Database.connect(
                new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 2), "test");
    }

    private static void insertAccount(Handle handle, long credits) {
        handle.execute("insert into accounts (id, email, plan, credits, webhook_secret) "
                + "values ('acct_1', 'a@example.com', 'pro', ?, 'whsec')", credits);
    }

    private static void debit(Handle handle, String generationId) {
        handle.execute("insert into credit_ledger (account_id, generation_id, entry, amount) "
                + "values ('acct_1', ?, 'debit', 1)", generationId);
    }
}
