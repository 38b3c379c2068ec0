package com.genpicz.accounting.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.TopicProvisioner;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RealInfrastructure.class)
class UsageProjectionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant DAY = Instant.parse("2026-11-30T10:00:00Z");
    private static final GenerationSpec STANDARD =
            new GenerationSpec("a lighthouse at dusk", null, "cinematic", 512, 512, Quality.STANDARD, 42L, false);
    private static final GenerationSpec HD =
            new GenerationSpec("a lighthouse at dusk", null, "auto", 1024, 1024, Quality.HD, 42L, false);

    private final String accountA = Identifiers.accountId();
    private final String accountB = Identifiers.accountId();
    private KafkaConfig kafka;
    private TopicCatalog topics;

    @BeforeEach
    void createTopics(TestInfrastructure infra) {
        topics = new TopicCatalog(infra.uniqueName("usage") + ".");
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, topics.all());
    }

    @Test
    void aRunWithCompletionsFailuresAndDeletesGivesEachAccountItsDayAndMonth(@TempDir Path state) {
        try (UsageProjection projection = UsageProjection.start(kafka, state);
             EventPublisher publisher = publisher()) {
            scenario().forEach(event -> publish(publisher, event));

            assertTotals(expectedA(), expectedB());
        }
    }

    @Test
    void everyEventDeliveredTwiceChangesNothing(@TempDir Path state) {
        try (UsageProjection projection = UsageProjection.start(kafka, state);
             EventPublisher publisher = publisher()) {
            for (GenerationEvent event : scenario()) {
                publish(publisher, event);
                publish(publisher, event);
            }

            assertTotals(expectedA(), expectedB());
        }
    }

    @Test
    void twoInstancesWithOneStoppedAndReplacedWithoutItsStateMidRunCountEveryEventOnce(
            @TempDir Path first, @TempDir Path second, @TempDir Path replacement) {
        List<GenerationEvent> events = scenario();
        int half = events.size() / 2;
        try (EventPublisher publisher = publisher();
             UsageProjection survivor = UsageProjection.start(kafka, first);
             UsageProjection stopped = UsageProjection.start(kafka, second)) {
            events.subList(0, half).forEach(event -> publish(publisher, event));
            Eventually.await("the first half counted", WAIT, () -> totals().containsKey(monthKey(accountA)));

            stopped.close();
            events.subList(half, events.size()).forEach(event -> publish(publisher, event));
            // The replacement starts with an empty state directory: it restores from the changelogs.
            try (UsageProjection restarted = UsageProjection.start(kafka, replacement)) {
                events.forEach(event -> publish(publisher, event));

                assertTotals(expectedA(), expectedB());
            }
        }
    }

    /**
     * Account A: a completion, a render failure (refunded), a refusal for want of credits (never debited), a
     * deletion while queued (failed as deleted, refunded) and a failure read before its own request and debit.
     * Account B: a completion deleted afterwards (kept: the first outcome wins).
     */
    private List<GenerationEvent> scenario() {
        List<GenerationEvent> events = new ArrayList<>();
        String g1 = Identifiers.generationId();
        events.add(requested(g1, accountA, STANDARD));
        events.add(authorized(g1, accountA, STANDARD));
        events.add(completed(g1, accountA, DAY.plusSeconds(2)));
        String g2 = Identifiers.generationId();
        events.add(requested(g2, accountA, HD));
        events.add(authorized(g2, accountA, HD));
        events.add(failed(g2, accountA, FailureCode.RENDER_FAILED));
        String g3 = Identifiers.generationId();
        events.add(requested(g3, accountA, HD));
        events.add(failed(g3, accountA, FailureCode.INSUFFICIENT_CREDITS));
        String g4 = Identifiers.generationId();
        events.add(requested(g4, accountA, STANDARD));
        events.add(authorized(g4, accountA, STANDARD));
        events.add(new GenerationDeleted(Identifiers.eventId(), g4, accountA, DAY.plusSeconds(1), null));
        events.add(failed(g4, accountA, FailureCode.DELETED));
        String g5 = Identifiers.generationId();
        events.add(requested(g5, accountB, HD));
        events.add(authorized(g5, accountB, HD));
        events.add(completed(g5, accountB, DAY.plusSeconds(5)));
        events.add(failed(g5, accountB, FailureCode.DELETED));
        events.add(new GenerationDeleted(Identifiers.eventId(), g5, accountB, DAY.plusSeconds(6), null));
        String g6 = Identifiers.generationId();
        events.add(failed(g6, accountA, FailureCode.RENDER_FAILED));
        events.add(requested(g6, accountA, STANDARD));
        events.add(authorized(g6, accountA, STANDARD));
        return events;
    }

    private Usage expectedA() {
        int standard = PriceTable.creditsFor(STANDARD);
        int hd = PriceTable.creditsFor(HD);
        return new Usage(1, accountA, "month", "2026-11", 5, 1, 4,
                Map.of("render_failed", 2L, "insufficient_credits", 1L, "deleted", 1L), 1,
                standard + hd + standard + standard, hd + standard + standard,
                Map.of("standard", 3L, "hd", 2L), Map.of("512x512", 3L, "1024x1024", 2L),
                Map.of("cinematic", 3L, "auto", 2L), 2_000);
    }

    private Usage expectedB() {
        int hd = PriceTable.creditsFor(HD);
        return new Usage(1, accountB, "month", "2026-11", 1, 1, 0, Map.of(), 1, hd, 0, Map.of("hd", 1L),
                Map.of("1024x1024", 1L), Map.of("auto", 1L), 5_000);
    }

    /**
     * Waits for all four records at once: the day and month totals of one account are kept by different tasks
     * (they are keyed apart), which commit independently, so one can be current while the other still restores.
     */
    private void assertTotals(Usage monthA, Usage monthB) {
        Map<String, Usage> expected = Map.of(
                monthKey(accountA), monthA,
                accountA + "/day/2026-11-30", dayOf(monthA),
                monthKey(accountB), monthB,
                accountB + "/day/2026-11-30", dayOf(monthB));
        Map<String, Usage> totals = Eventually.await("the expected totals", WAIT, this::totals, expected::equals);
        assertThat(totals).isEqualTo(expected);
    }

    private static Usage dayOf(Usage month) {
        return new Usage(1, month.accountId(), "day", "2026-11-30", month.generationsRequested(),
                month.generationsCompleted(), month.generationsFailed(), month.failedByCode(),
                month.generationsDeleted(), month.creditsDebited(), month.creditsRefunded(), month.byQuality(),
                month.bySize(), month.byStyle(), month.completionMillisTotal());
    }

    private static String monthKey(String account) {
        return account + "/month/2026-11";
    }

    /** The latest usage record per key, read committed from the beginning of the usage topic. */
    private Map<String, Usage> totals() {
        TopicSpec usage = topics.usage();
        JsonSerde<Usage> serde = new JsonSerde<>(Usage.class);
        Map<String, Usage> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(kafka, null, "usage-reader", 500,
                Duration.ofMinutes(1))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < usage.partitions(); i++) {
                partitions.add(new TopicPartition(usage.name(), i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    latest.put(record.key(), serde.deserializer().deserialize(record.topic(), record.value()));
                }
            }
        }
        return latest;
    }

    private EventPublisher publisher() {
        return new EventPublisher(KafkaClients.producer(kafka, "usage-test"), new EventCodec());
    }

    private void publish(EventPublisher publisher, GenerationEvent event) {
        publisher.publishAndWait(topicOf(event), event);
    }

    private TopicSpec topicOf(GenerationEvent event) {
        if (event instanceof GenerationRequested) {
            return topics.generationRequested();
        }
        if (event instanceof GenerationAuthorized) {
            return topics.generationAuthorized();
        }
        if (event instanceof GenerationDeleted) {
            return topics.generationDeleted();
        }
        return topics.generationOutcomes();
    }

    private static GenerationRequested requested(String generation, String account, GenerationSpec spec) {
        return new GenerationRequested(Identifiers.eventId(), generation, account, DAY, spec,
                PriceTable.creditsFor(spec), null);
    }

    private static GenerationAuthorized authorized(String generation, String account, GenerationSpec spec) {
        return new GenerationAuthorized(Identifiers.eventId(), generation, account, DAY.plusMillis(100), spec,
                PriceTable.creditsFor(spec), null);
    }

    private static GenerationCompleted completed(String generation, String account, Instant at) {
        String key = "gen/" + generation.substring(4) + ".png";
        return new GenerationCompleted(Identifiers.eventId(), generation, account, at,
                "http://127.0.0.1:9000/images/" + key, key, 512, 512, null);
    }

    private static GenerationFailed failed(String generation, String account, FailureCode code) {
        return new GenerationFailed(Identifiers.eventId(), generation, account, DAY.plusSeconds(3), code,
                "failed in the test", null);
    }
}
