package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How ingress makes sure every accepted generation ends, with nothing behind the API: deletions and the sweeper's
 * timeouts become outcomes on the topic, the first outcome wins, and events about generations nobody accepted are
 * failed rather than believed. Two instances run, as in a scaled-out deployment.
 */
@ExtendWith(RealInfrastructure.class)
class GenerationOutcomesContractTest {

    private static final Map<String, String> ASYNC = Map.of("Prefer", "respond-async");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static IngressFixture ingress;
    private static IngressFixture second;
    private static ApiClient api;
    private static KafkaConfig kafka;
    private static EventPublisher publisher;
    private static KafkaConsumer<String, byte[]> reader;
    private static final Map<String, List<GenerationEvent>> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void start(TestInfrastructure infra) {
        ingress = IngressFixture.start(infra, Map.of("GENPICZ_GENERATION_TIMEOUT", "PT5S",
                "GENPICZ_SWEEP_INTERVAL", "PT0.2S"));
        second = ingress.secondInstance();
        api = ingress.api();
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), ingress.topics().prefix(), 1);
        publisher = new EventPublisher(KafkaClients.producer(kafka, "outcomes-test"), new EventCodec());
        reader = KafkaClients.consumer(kafka, null, "outcomes-test-reader", 500, Duration.ofMinutes(1));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(ingress.topics().generationOutcomes().name(),
                ingress.topics().generationDeleted().name())) {
            reader.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
    }

    @AfterAll
    static void stop() {
        reader.close();
        publisher.close();
        second.close();
        ingress.close();
    }

    @Test
    void deletingAQueuedGenerationFailsItWithDeletedSoThePipelineStopsAndTheCreditsComeBack() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String id = accept(customer);

        assertThat(api.delete("/generations/" + id, customer.key()).status()).isEqualTo(200);

        GenerationFailed failed = awaitOne(id, GenerationFailed.class);
        assertThat(failed.code()).isEqualTo(FailureCode.DELETED);
        assertThat(failed.accountId()).isEqualTo(customer.account().id());
        assertThat(awaitOne(id, GenerationDeleted.class).generationId()).isEqualTo(id);
    }

    @Test
    void deletingACompletedGenerationRemovesItsImageWithoutAnotherOutcome() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String id = accept(customer);
        publisher.publishAndWait(ingress.topics().generationOutcomes(), completed(id, customer));
        Eventually.await("the completion to be projected", WAIT,
                () -> api.get("/generations/" + id, customer.key()).body().path("status").asText().equals("completed"));

        assertThat(api.delete("/generations/" + id, customer.key()).status()).isEqualTo(200);

        awaitOne(id, GenerationDeleted.class);
        assertThat(eventsOf(id)).noneMatch(GenerationFailed.class::isInstance);
    }

    @Test
    void anIdempotentReplayOfADeletedGenerationsRequestIsNotFoundNotAResurrectedGeneration() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        Map<String, String> headers = Map.of("Prefer", "respond-async", "Idempotency-Key", "replay-after-delete");
        String id = api.postJson("/generate", customer.key(), "{\"prompt\": \"a red kite\"}", headers)
                .body().get("generation_id").asText();
        api.delete("/generations/" + id, customer.key());

        ApiClient.Response replay = api.postJson("/generate", customer.key(), "{\"prompt\": \"a red kite\"}", headers);

        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aGenerationStillUnfinishedPastTheTimeoutIsTimedOutExactlyOnceThoughTwoInstancesSweep() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.STUDIO, 20);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(accept(customer));
        }

        for (String id : ids) {
            GenerationFailed failed = awaitOne(id, GenerationFailed.class);
            assertThat(failed.code()).isEqualTo(FailureCode.TIMED_OUT);
            Eventually.await("the timeout to be projected", WAIT, () -> api.get("/generations/" + id, customer.key())
                    .body().path("error").path("code").asText().equals("timed_out"));
        }
        awaitOutboxEmpty();
        readToEnd();
        assertThat(ids).allSatisfy(id -> assertThat(eventsOf(id)).hasSize(1));
    }

    @Test
    void aCompletionPublishedAfterTheTimeoutLeavesTheGenerationFailedAndItsImageIsRemoved() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String id = accept(customer);
        awaitOne(id, GenerationFailed.class);

        publisher.publishAndWait(ingress.topics().generationOutcomes(), completed(id, customer));

        GenerationDeleted removal = awaitOne(id, GenerationDeleted.class);
        assertThat(removal.objectKey()).isEqualTo("gen/" + id.substring(4) + ".png");
        assertThat(api.get("/generations/" + id, customer.key()).body().path("status").asText()).isEqualTo("failed");
    }

    @Test
    void anAuthorizationForAGenerationNobodyAcceptedIsFailedSoItsDebitIsRefunded() {
        String unknown = Identifiers.generationId();

        publisher.publishAndWait(ingress.topics().generationAuthorized(),
                TestEvents.authorized(unknown, TestEvents.SPEC, "https://attacker.example/hook"));

        GenerationFailed failed = awaitOne(unknown, GenerationFailed.class);
        assertThat(failed.code()).isEqualTo(FailureCode.INVALID_EVENT);
        assertThat(failed.webhookUrl()).isNull();
    }

    private static String accept(IngressFixture.Customer customer) {
        ApiClient.Response response = api.postJson("/generate", customer.key(), "{\"prompt\": \"a blue boat\", "
                + "\"width\": 512, \"height\": 512}", ASYNC);
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(202);
        return response.body().get("generation_id").asText();
    }

    private static GenerationCompleted completed(String id, IngressFixture.Customer customer) {
        String key = "gen/" + id.substring(4) + ".png";
        return new GenerationCompleted(Identifiers.eventId(), id, customer.account().id(), Instant.now(),
                "https://cdn.example.com/" + key, key, 512, 512, null);
    }

    /** Every event ingress queued has been published. */
    private static void awaitOutboxEmpty() {
        DatabaseCoordinates db = ingress.database();
        Eventually.await("an empty outbox", WAIT, () -> {
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 ResultSet rows = connection.createStatement().executeQuery("select count(*) from outbox")) {
                rows.next();
                return rows.getLong(1) == 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void readToEnd() {
        Map<TopicPartition, Long> ends = reader.endOffsets(reader.assignment());
        Eventually.await("the end of the topics", WAIT, () -> {
            readAll();
            return ends.entrySet().stream().allMatch(end -> reader.position(end.getKey()) >= end.getValue());
        });
    }

    private static <T extends GenerationEvent> T awaitOne(String generationId, Class<T> type) {
        return type.cast(Eventually.await("a " + type.getSimpleName() + " of " + generationId, WAIT, () -> {
            readAll();
            return eventsOf(generationId).stream().filter(type::isInstance).findFirst().orElse(null);
        }, event -> event != null));
    }

    private static List<GenerationEvent> eventsOf(String generationId) {
        readAll();
        return List.copyOf(seen.getOrDefault(generationId, List.of()));
    }

    private static synchronized void readAll() {
        EventCodec codec = new EventCodec();
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
            GenerationEvent event = codec.decode(record.headers(), record.value());
            if (event instanceof GenerationFailed || event instanceof GenerationDeleted) {
                seen.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>()).add(event);
            }
        }
    }
}
