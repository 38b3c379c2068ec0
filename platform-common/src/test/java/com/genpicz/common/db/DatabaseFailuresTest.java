package com.genpicz.common.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.FreePort;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a real PostgreSQL throws, as the consumer loops see it after the adapter classified it. */
@ExtendWith(RealInfrastructure.class)
class DatabaseFailuresTest {

    private Database database;

    @BeforeEach
    void connect(TestInfrastructure infra) {
        DatabaseCoordinates db = infra.newDatabase();
        database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2), "failures-test")
                .migrate();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aViolatedConstraintIsPoisonBecauseTheSameStatementWouldFailAgain() {
        String insert = "insert into accounts (id, email, plan, credits, webhook_secret) "
                + "values ('acct_x', 'x@example.com', 'pro', 1, 's')";
        database.jdbi().useHandle(handle -> handle.execute(insert));

        assertThatThrownBy(() -> DatabaseFailures.translate("inserting", () -> database.jdbi().useHandle(
                handle -> handle.execute(insert)))).isInstanceOf(PoisonEventException.class);
    }

    @Test
    void aSchemaThatDoesNotMatchTheCodeIsFatal() {
        assertThatThrownBy(() -> DatabaseFailures.translate("reading", () -> database.jdbi().withHandle(
                handle -> handle.createQuery("select nothing from no_such_table").mapTo(String.class).list())))
                .isInstanceOf(FatalEventException.class);
    }

    @Test
    void aDatabaseThatIsNotThereIsTransient() {
        DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + FreePort.pick() + "/genpicz",
                "genpicz", "genpicz", 1, Duration.ofMillis(500));
        try (Database away = Database.connect(nowhere, "away")) {
            assertThatThrownBy(() -> DatabaseFailures.translate("reading", () -> away.jdbi().withHandle(
                    handle -> handle.createQuery("select 1").mapTo(Integer.class).one())))
                    .isInstanceOf(RetriableEventException.class);
        }
    }

    @Test
    void aStatementCancelledByTheServerIsTransient() {
        assertThatThrownBy(() -> DatabaseFailures.translate("waiting", () -> database.jdbi().useHandle(handle -> {
            handle.execute("set statement_timeout = 50");
            handle.execute("select pg_sleep(5)");
        }))).isInstanceOf(RetriableEventException.class);
    }
}
