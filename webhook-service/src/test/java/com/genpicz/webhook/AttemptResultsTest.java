package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results of attempts made while the database restarts are recorded once it is back, not dropped. */
class AttemptResultsTest {

    @Test
    void aDeliveryAnsweredWhileTheDatabaseIsDownIsRecordedAsDeliveredWhenItReturns(@TempDir Path data)
            throws Exception {
        PostgresServer postgres = PostgresServer.start(data, 0, Map.of("fsync", "off"));
        int port = postgres.port();
        DatabaseCoordinates db = postgres.createDatabase("results");
        try (Database database = Database.connect(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2,
                     Duration.ofSeconds(1)), "results-test").migrate();
             DeliveryStore store = new DeliveryStore(database.jdbi());
             AttemptResults results = new AttemptResults(store)) {
            String generation = Identifiers.generationId();
            Delivery delivery = store.enqueueLeased(new DeliveryStore.NewDelivery(generation,
                    Identifiers.accountId(), "generation.completed", "https://example.com/hook",
                    "{}".getBytes(StandardCharsets.UTF_8), Instant.now()), Duration.ofSeconds(15)).orElseThrow();

            postgres.close();
            CountDownLatch written = new CountDownLatch(1);
            results.record(new DeliveryStore.Result(delivery, DeliveryStore.Outcome.DELIVERED, 204, null, 12, null),
                    written::countDown);
            Eventually.await("a write refused while the database is down", Duration.ofSeconds(30),
                    () -> results.retries() > 0);
            postgres = PostgresServer.start(data, port, Map.of("fsync", "off"));

            assertThat(written.await(30, TimeUnit.SECONDS)).as("the result was written or given up").isTrue();
            String status = database.jdbi().withHandle(handle -> handle.createQuery(
                            "select status from webhook_deliveries where generation_id = :g")
                    .bind("g", generation).mapTo(String.class).one());
            assertThat(status).isEqualTo("delivered");
        } finally {
            postgres.close();
        }
    }
}
