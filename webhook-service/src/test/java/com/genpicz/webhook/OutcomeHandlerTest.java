package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.db.Database;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class OutcomeHandlerTest {

    private static final Instant CREATED = Instant.parse("2025-06-01T10:32:44.500Z");
    private static final String HOOK = "https://example.com/hook";

    /** How many deliveries were queued now, rather than found queued already. */
    private final AtomicInteger queuedNow = new AtomicInteger();
    private Database database;
    private WebhookTables tables;
    private OutcomeHandler handler;
    private DeliveryStore store;
    private SubscriptionStore subscriptions;

    @BeforeEach
    void start(TestInfrastructure infra) {
        database = WebhookTables.migratedDatabase(infra.newDatabase());
        tables = new WebhookTables(database.jdbi());
        store = new DeliveryStore(database.jdbi());
        subscriptions = new SubscriptionStore(database.jdbi());
        handler = new OutcomeHandler(subscriptions, store, delivery -> {
            boolean queued = store.enqueue(delivery);
            if (queued) {
                queuedNow.incrementAndGet();
            }
            return queued;
        });
    }

    @AfterEach
    void stop() {
        store.close();
        subscriptions.close();
        database.close();
    }

    @Test
    void aRedeliveredCompletionQueuesOneWebhookOnce() {
        Subscription generation = tables.subscribed(HOOK, CREATED);
        GenerationCompleted completed = completed(generation.generationId(), HOOK);

        handler.handle(completed);
        handler.handle(completed);
        handler.handle(completed(generation.generationId(), HOOK));

        assertThat(tables.deliveryCount(generation.generationId())).isEqualTo(1);
        assertThat(tables.delivery(generation.generationId())).containsEntry("status", "pending").containsEntry("attempts", 0);
        assertThat(queuedNow.get()).isEqualTo(1);
    }

    @Test
    void theQueuedPayloadReportsTheCreationTimeFromTheSubscriptionAndTheImageUrl() throws Exception {
        Subscription generation = tables.subscribed(HOOK, CREATED);

        handler.handle(completed(generation.generationId(), HOOK));

        JsonNode payload = new ObjectMapper().readTree(queuedPayload(generation.generationId()));
        assertThat(payload.get("event").asText()).isEqualTo("generation.completed");
        assertThat(payload.get("generation_id").asText()).isEqualTo(generation.generationId());
        assertThat(payload.get("image_url").asText()).isEqualTo("https://cdn.example.com/" + generation.generationId() + ".png");
        assertThat(payload.get("created_at").asText()).isEqualTo("2025-06-01T10:32:44Z");
    }

    @Test
    void theSubscriptionDecidesWhereTheWebhookGoes() {
        Subscription generation = tables.subscribed("https://subscribed.example.com/hook", CREATED);

        handler.handle(completed(generation.generationId(), "https://somewhere-else.example.com/hook"));

        String url = database.jdbi().withHandle(handle -> handle.createQuery(
                "select url from webhook_deliveries where generation_id = :g").bind("g", generation.generationId())
                .mapTo(String.class).one());
        assertThat(url).isEqualTo("https://subscribed.example.com/hook");
    }

    @Test
    void aFailedGenerationWithAWebhookIsQueuedToo() {
        Subscription generation = tables.subscribed(HOOK, CREATED);

        handler.handle(new GenerationFailed(Identifiers.eventId(), generation.generationId(), TestEvents.ACCOUNT,
                Instant.now(), FailureCode.INSUFFICIENT_CREDITS, "too few credits", HOOK));

        assertThat(tables.deliveryCount(generation.generationId())).isEqualTo(1);
    }

    @Test
    void outcomesOfGenerationsThatAskedForNoWebhookQueueNothing() {
        String generation = Identifiers.generationId();

        handler.handle(completed(generation, null));
        handler.handle(new GenerationFailed(Identifiers.eventId(), generation, TestEvents.ACCOUNT, Instant.now(),
                FailureCode.RENDER_FAILED, "boom", null));

        assertThat(tables.deliveryCount(generation)).isZero();
        assertThat(queuedNow.get()).isZero();
    }

    @Test
    void anOutcomeThatOvertookItsRequestWaitsForIt() {
        String generation = Identifiers.generationId();

        assertThatThrownBy(() -> handler.handle(completed(generation, HOOK))).isInstanceOf(RetriableEventException.class);
        assertThat(tables.deliveryCount(generation)).isZero();
    }

    @Test
    void onlyTheFirstOutcomeOfAGenerationIsAnnouncedSoALateCompletionAfterATimeoutSendsNothing() throws Exception {
        Subscription generation = tables.subscribed(HOOK, CREATED);

        handler.handle(new GenerationFailed(Identifiers.eventId(), generation.generationId(), TestEvents.ACCOUNT,
                Instant.now(), FailureCode.TIMED_OUT, "took too long", HOOK));
        handler.handle(completed(generation.generationId(), HOOK));

        assertThat(tables.deliveryCount(generation.generationId())).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(queuedPayload(generation.generationId())).get("event").asText())
                .isEqualTo("generation.failed");
    }

    @Test
    void aDeletionSendsNoWebhookAndNeitherDoesACompletionPublishedAfterIt() {
        Subscription generation = tables.subscribed(HOOK, CREATED);

        handler.handle(new GenerationFailed(Identifiers.eventId(), generation.generationId(), TestEvents.ACCOUNT,
                Instant.now(), FailureCode.DELETED, "deleted", HOOK));
        handler.handle(completed(generation.generationId(), HOOK));

        assertThat(tables.delivery(generation.generationId())).containsEntry("status", "suppressed");
        assertThat(tables.deliveryCount(generation.generationId())).isEqualTo(1);
        assertThat(queuedNow.get()).isZero();
    }

    private byte[] queuedPayload(String generation) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "select payload from webhook_deliveries where generation_id = :generation")
                .bind("generation", generation).mapTo(byte[].class).one());
    }

    static GenerationCompleted completed(String generation, String webhookUrl) {
        return new GenerationCompleted(Identifiers.eventId(), generation, TestEvents.ACCOUNT, Instant.now(),
                "https://cdn.example.com/" + generation + ".png", "gen/x.png", 512, 512, webhookUrl);
    }
}
