package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.TopicProvisioner;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class AccountingHandlerTest {

    static final GenerationSpec SPEC =
            new GenerationSpec("a lighthouse at dusk", null, "cinematic", 512, 512, Quality.STANDARD, 42L, false);

    private Database database;
    private Accounts accounts;
    private TopicCatalog topics;
    private KafkaConfig kafka;
    private EventPublisher publisher;
    private AccountingHandler handler;

    @BeforeEach
    void start(TestInfrastructure infra) {
        database = Accounts.migratedDatabase(infra.newDatabase());
        accounts = new Accounts(database.jdbi());
        topics = new TopicCatalog(infra.uniqueName("accounting") + ".");
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, List.of(topics.generationAuthorized(), topics.generationOutcomes()));
        publisher = new EventPublisher(KafkaClients.producer(kafka, "accounting-test"), new EventCodec());
        handler = new AccountingHandler(new CreditLedger(database.jdbi()), publisher, topics);
    }

    @AfterEach
    void stop() {
        publisher.close();
        database.close();
    }

    @Test
    void aRequestThatCanBePaidForIsDebitedAndAuthorizedWithItsSpecAndWebhook() {
        String account = accounts.create(5);
        GenerationRequested request = requested(account, 2, "https://example.com/hook");

        handler.handle(request);

        assertThat(accounts.balance(account)).isEqualTo(3);
        try (PublishedEvents authorized = new PublishedEvents(kafka, topics.generationAuthorized())) {
            GenerationAuthorized event = (GenerationAuthorized) authorized.await(request.generationId(), 1).get(0);
            assertThat(event.accountId()).isEqualTo(account);
            assertThat(event.spec()).isEqualTo(request.spec());
            assertThat(event.credits()).isEqualTo(2);
            assertThat(event.webhookUrl()).isEqualTo("https://example.com/hook");
            assertThat(event.eventId()).isNotEqualTo(request.eventId());
        }
    }

    @Test
    void aRequestHandledTwiceIsDebitedOnceAndAuthorizedBothTimes() {
        String account = accounts.create(5);
        GenerationRequested request = requested(account, 2, null);

        handler.handle(request);
        handler.handle(request);

        assertThat(accounts.balance(account)).isEqualTo(3);
        try (PublishedEvents authorized = new PublishedEvents(kafka, topics.generationAuthorized())) {
            assertThat(authorized.await(request.generationId(), 2)).allMatch(GenerationAuthorized.class::isInstance);
        }
    }

    @Test
    void aRequestTheAccountCannotPayForFailsWithInsufficientCreditsEvenAfterATopUp() {
        String account = accounts.create(1);
        GenerationRequested request = requested(account, 3, "https://example.com/hook");

        handler.handle(request);
        accounts.grant(account, 50);
        handler.handle(request);

        assertThat(accounts.balance(account)).isEqualTo(51);
        try (PublishedEvents outcomes = new PublishedEvents(kafka, topics.generationOutcomes())) {
            List<GenerationEvent> events = outcomes.await(request.generationId(), 2);
            assertThat(events).allSatisfy(event -> {
                GenerationFailed failed = (GenerationFailed) event;
                assertThat(failed.code()).isEqualTo(FailureCode.INSUFFICIENT_CREDITS);
                assertThat(failed.accountId()).isEqualTo(account);
                assertThat(failed.webhookUrl()).isEqualTo("https://example.com/hook");
            });
        }
    }

    @Test
    void aFailedGenerationIsRefundedOnceHoweverOftenItsFailureArrives() {
        String account = accounts.create(5);
        GenerationRequested request = requested(account, 2, null);
        handler.handle(request);
        GenerationFailed failure = new GenerationFailed(Identifiers.eventId(), request.generationId(), account,
                Instant.now(), FailureCode.RENDER_FAILED, "the render failed", null);

        handler.handle(failure);
        handler.handle(failure);

        assertThat(accounts.balance(account)).isEqualTo(5);
        assertThat(accounts.ledger(request.generationId())).containsExactly("debit:2", "refund:2");
    }

    @Test
    void theFailureAccountingPublishesForARejectedRequestRefundsNothing() {
        String account = accounts.create(1);
        GenerationRequested request = requested(account, 3, null);
        handler.handle(request);
        GenerationFailed ownRejection;
        try (PublishedEvents outcomes = new PublishedEvents(kafka, topics.generationOutcomes())) {
            ownRejection = (GenerationFailed) outcomes.await(request.generationId(), 1).get(0);
        }

        handler.handle(ownRejection);

        assertThat(accounts.balance(account)).isEqualTo(1);
        assertThat(accounts.ledger(request.generationId())).containsExactly("rejection:0");
    }

    @Test
    void aFailureAfterTheCompletionRefundsNothingBecauseTheFirstOutcomeWins() {
        String account = accounts.create(5);
        GenerationRequested request = requested(account, 2, null);
        handler.handle(request);

        handler.handle(TestEvents.completed(request.generationId(), null));
        handler.handle(new GenerationFailed(Identifiers.eventId(), request.generationId(), account, Instant.now(),
                FailureCode.TIMED_OUT, "too late", null));

        assertThat(accounts.balance(account)).isEqualTo(3);
        assertThat(accounts.ledger(request.generationId())).containsExactly("debit:2");
    }

    @Test
    void aRequestWhoseGenerationWasDeletedBeforeAccountingGotToItIsNeitherChargedNorAuthorized() {
        String account = accounts.create(5);
        GenerationRequested request = requested(account, 2, null);
        handler.handle(new GenerationFailed(Identifiers.eventId(), request.generationId(), account, Instant.now(),
                FailureCode.DELETED, "deleted", null));

        handler.handle(request);

        assertThat(accounts.balance(account)).isEqualTo(5);
        assertThat(accounts.ledger(request.generationId())).isEmpty();
        try (PublishedEvents authorized = new PublishedEvents(kafka, topics.generationAuthorized())) {
            assertThat(authorized.count(request.generationId())).isZero();
        }
    }

    /** A request costing {@code credits}: the price is always the spec's own (accounting checks it). */
    static GenerationRequested requested(String account, int credits, String webhookUrl) {
        GenerationSpec spec = switch (credits) {
            case 1 -> SPEC;
            case 2 -> new GenerationSpec(SPEC.prompt(), null, SPEC.style(), 512, 512, Quality.ULTRA, 42L, false);
            case 3 -> new GenerationSpec(SPEC.prompt(), null, SPEC.style(), 1920, 1280, Quality.STANDARD, 42L, false);
            case 5 -> new GenerationSpec(SPEC.prompt(), null, SPEC.style(), 512, 512, Quality.STANDARD, 42L, true);
            default -> throw new IllegalArgumentException("no test spec costs " + credits);
        };
        return new GenerationRequested(Identifiers.eventId(), Identifiers.generationId(), account, Instant.now(), spec,
                PriceTable.creditsFor(spec), webhookUrl);
    }
}
