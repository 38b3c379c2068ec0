package com.genpicz.ingress.generations;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch of new generations written in one transaction, against a real PostgreSQL. */
@ExtendWith(RealInfrastructure.class)
class GenerationStoreBatchTest {

    private Database database;
    private GenerationStore store;
    private String accountId;

    @BeforeEach
    void connect(TestInfrastructure infra) {
        DatabaseCoordinates coordinates = infra.newDatabase();
        database = Database.connect(new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(),
                coordinates.password(), 2), "generation-store-test").migrate();
        store = new GenerationStore(database.jdbi());
        accountId = new AccountStore(database.jdbi()).create("batch@example.com", Plan.PRO).id();
        // Credits are accounting's; this stands in for its grant.
        database.jdbi().useHandle(handle -> handle.execute("update accounts set credits = 100 where id = ?", accountId));
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    @Test
    void aRowThatBreaksTheBatchFailsAloneAndTheOthersAreStored() {
        GenerationStore.NewGeneration first = newGeneration("queued");
        GenerationStore.NewGeneration broken = newGeneration("bogus");
        GenerationStore.NewGeneration last = newGeneration("queued");

        List<GenerationStore.Result> results = store.insertAll(List.of(first, broken, last));

        assertThat(results.get(0).insertion().outcome()).isEqualTo(GenerationStore.Outcome.INSERTED);
        assertThat(results.get(1).error()).isNotNull();
        assertThat(results.get(2).insertion().outcome()).isEqualTo(GenerationStore.Outcome.INSERTED);
        assertThat(store.find(accountId, first.generation().id())).isPresent();
        assertThat(store.find(accountId, broken.generation().id())).isEmpty();
        assertThat(store.find(accountId, last.generation().id())).isPresent();
    }

    private GenerationStore.NewGeneration newGeneration(String status) {
        String id = Identifiers.generationId();
        Generation generation = new Generation(id, accountId, status,
                new GenerationSpec("a boat", null, "auto", 512, 512, Quality.STANDARD, 7, false), null, 1,
                null, null, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        OutboxMessage message = new OutboxMessage("test.generation-requested", id, "generation.requested", 1,
                Identifiers.eventId(), "{}".getBytes(StandardCharsets.UTF_8), null);
        return new GenerationStore.NewGeneration(generation, null, new byte[32], message);
    }
}
