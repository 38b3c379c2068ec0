package com.genpicz.common.kafka;

import static com.genpicz.common.kafka.TopicRecords.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.EventDecodingException;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.failures.AbandonedEventException;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class EventConsumerLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GENERATION = "gen_loopTest000001";

    private final EventCodec codec = new EventCodec();
    private final List<EventConsumerLoop> loops = new ArrayList<>();
    private final List<TopicRecords> opened = new ArrayList<>();
    private TopicCatalog topics;
    private KafkaConfig kafka;
    private KafkaProducer<String, byte[]> producer;
    private EventPublisher publisher;
    private TopicRecords deadLetters;
    private String group;

    @BeforeEach
    void createTopics(TestInfrastructure infra) {
        topics = new TopicCatalog(infra.uniqueName("loop") + ".");
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, List.of(topics.generationAuthorized(), topics.generationOutcomes(),
                topics.deadLetter()));
        producer = KafkaClients.producer(kafka, "loop-test");
        publisher = new EventPublisher(producer, codec);
        deadLetters = new TopicRecords(kafka, topics.deadLetter().name());
        group = infra.uniqueName("loop-test-group");
    }

    @AfterEach
    void stop() {
        loops.forEach(EventConsumerLoop::close);
        opened.forEach(TopicRecords::close);
        deadLetters.close();
        publisher.close();
    }

    @Test
    void aMalformedRecordIsDeadLetteredWithItsReasonAndTheLoopGoesOn() throws Exception {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        RecordMetadata sent = producer.send(
                new ProducerRecord<>(topics.generationOutcomes().name(), GENERATION, garbage)).get();
        GenerationEvent after = failed("after-garbage");
        publisher.publishAndWait(topics.generationOutcomes(), after);
        Handled handled = new Handled();

        EventConsumerLoop loop = start(handled);

        handled.await(after);
        ConsumerRecord<String, byte[]> letter = deadLetters.await(1).get(0);
        assertThat(letter.key()).isEqualTo(GENERATION);
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).startsWith("malformed event");
        assertThat(header(letter, DeadLetterPublisher.EXCEPTION_HEADER)).isEqualTo(EventDecodingException.class.getName());
        assertThat(header(letter, DeadLetterPublisher.CONSUMER_HEADER)).isEqualTo("loop-test-0");
        assertThat(header(letter, DeadLetterPublisher.ORIGIN_HEADER))
                .isEqualTo(sent.topic() + "/" + sent.partition() + "@" + sent.offset());
        assertThat(Instant.parse(header(letter, DeadLetterPublisher.FAILED_AT_HEADER)))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(loop.stopped()).isNotDone();
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceedsAndNeverDeadLettered() {
        GenerationEvent event = failed("flaky");
        AtomicInteger calls = new AtomicInteger();
        Handled handled = new Handled();
        // More failures than attempts per poll, so the record must also survive a rewind to the next poll.
        int failures = 5;
        start(e -> {
            if (calls.incrementAndGet() <= failures) {
                throw new RetriableEventException("database briefly away");
            }
            handled.handle(e);
        });

        publisher.publishAndWait(topics.generationOutcomes(), event);

        handled.await(event);
        assertThat(calls.get()).isEqualTo(failures + 1);
        assertThat(handled.count(event)).isEqualTo(1);
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aPoisonEventGoesToTheDeadLetterTopicAtOnceAndLaterEventsAreHandled() {
        GenerationEvent poison = failed("poison");
        GenerationEvent fine = failed("fine");
        AtomicInteger poisonCalls = new AtomicInteger();
        Handled handled = new Handled();
        start(e -> {
            if (e.eventId().equals(poison.eventId())) {
                poisonCalls.incrementAndGet();
                throw new PoisonEventException("account acct_x does not exist");
            }
            handled.handle(e);
        });

        publisher.publishAndWait(topics.generationOutcomes(), poison);
        publisher.publishAndWait(topics.generationOutcomes(), fine);

        handled.await(fine);
        ConsumerRecord<String, byte[]> letter = deadLetters.await(1).get(0);
        assertThat(header(letter, EventCodec.EVENT_ID_HEADER)).isEqualTo(poison.eventId());
        assertThat(header(letter, DeadLetterPublisher.REASON_HEADER)).isEqualTo("account acct_x does not exist");
        assertThat(header(letter, DeadLetterPublisher.EXCEPTION_HEADER)).isEqualTo(PoisonEventException.class.getName());
        assertThat(codec.decode(letter.headers(), letter.value())).isEqualTo(poison);
        assertThat(poisonCalls.get()).isEqualTo(1);
    }

    @Test
    void anUnexpectedFailureIsTriedAFewTimesAndThenDeadLettered() {
        GenerationEvent buggy = failed("buggy");
        GenerationEvent fine = failed("fine");
        AtomicInteger buggyCalls = new AtomicInteger();
        Handled handled = new Handled();
        start(e -> {
            if (e.eventId().equals(buggy.eventId())) {
                buggyCalls.incrementAndGet();
                throw new IllegalStateException("a bug");
            }
            handled.handle(e);
        });

        publisher.publishAndWait(topics.generationOutcomes(), buggy);
        publisher.publishAndWait(topics.generationOutcomes(), fine);

        handled.await(fine);
        assertThat(buggyCalls.get()).isEqualTo(3);
        ConsumerRecord<String, byte[]> letter = deadLetters.await(1).get(0);
        assertThat(header(letter, DeadLetterPublisher.EXCEPTION_HEADER)).isEqualTo(IllegalStateException.class.getName());
    }

    @Test
    void handledRecordsAreNotProcessedAgainByTheNextLoopOfTheGroup() {
        GenerationEvent first = failed("first");
        GenerationEvent second = failed("second");
        GenerationEvent third = failed("third");
        publisher.publishAndWait(topics.generationOutcomes(), first);
        publisher.publishAndWait(topics.generationOutcomes(), second);
        Handled before = new Handled();
        EventConsumerLoop previous = start(before);
        before.await(second);
        awaitCommitted(2);
        previous.close();

        Handled after = new Handled();
        start(after);
        publisher.publishAndWait(topics.generationOutcomes(), third);

        after.await(third);
        assertThat(after.all()).containsExactly(third);
    }

    @Test
    void closingInTheMiddleOfABatchStillCommitsWhatWasHandled() {
        GenerationEvent first = failed("first");
        GenerationEvent second = failed("second");
        publisher.publishAndWait(topics.generationOutcomes(), first);
        publisher.publishAndWait(topics.generationOutcomes(), second);
        Handled before = new Handled();
        EventConsumerLoop[] loop = new EventConsumerLoop[1];
        loop[0] = start(e -> {
            if (e.equals(first)) {
                // Close from outside while this handler still runs, as a shutdown hook would.
                Thread thread = new Thread(() -> loop[0].close(), "closer");
                thread.start();
                Eventually.await("close() waiting for the loop", WAIT,
                        () -> thread.getState() == Thread.State.TIMED_WAITING);
            }
            before.handle(e);
        });
        before.await(first);
        assertThat(loop[0].stopped()).succeedsWithin(WAIT);

        Handled after = new Handled();
        start(after);

        after.await(second);
        assertThat(after.all()).containsExactly(second);
    }

    @Test
    void aRecordWhoseHandlerNeverSucceededIsProcessedByTheNextLoopOfTheGroup() {
        GenerationEvent event = failed("stuck");
        AtomicInteger calls = new AtomicInteger();
        EventConsumerLoop stuck = start(e -> {
            calls.incrementAndGet();
            throw new RetriableEventException("never works here");
        });
        publisher.publishAndWait(topics.generationOutcomes(), event);
        Eventually.await("a few failed tries", WAIT, () -> calls.get() >= 2);
        stuck.close();
        assertThat(stuck.stopped()).succeedsWithin(WAIT);

        Handled handled = new Handled();
        start(handled);

        handled.await(event);
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aFatalFailureStopsTheLoopExceptionallyAndLeavesTheRecordUncommitted() {
        GenerationEvent event = failed("fatal");
        AtomicInteger calls = new AtomicInteger();
        EventConsumerLoop loop = start(e -> {
            calls.incrementAndGet();
            throw new FatalEventException("the model file is gone", null);
        });

        publisher.publishAndWait(topics.generationOutcomes(), event);

        assertThat(loop.stopped()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(FatalEventException.class);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(deadLetters.size()).isZero();
        Handled handled = new Handled();
        start(handled);
        handled.await(event);
    }

    @Test
    void aConcurrentLoopHandlesRecordsOfDifferentGenerationsInParallelAndCommitsThemAll() {
        List<GenerationEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(failedFor(TestEvents.generationId("parallel-" + i), "parallel-" + i));
        }
        events.forEach(event -> publisher.publishAndWait(topics.generationOutcomes(), event));
        java.util.concurrent.CountDownLatch allInside = new java.util.concurrent.CountDownLatch(4);
        Handled handled = new Handled();

        start(event -> {
            allInside.countDown();
            // Every handler waits for the others: only parallel handling lets all four finish.
            if (!allInside.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("records were handled one after the other");
            }
            handled.handle(event);
        }, 4);

        events.forEach(handled::await);
        awaitCommitted(4);
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aConcurrentLoopSeesARecordThatMustBeRetriedAgainWithoutLosingTheOthers() {
        GenerationEvent flaky = failed("flaky-parallel");
        GenerationEvent steady = failed("steady-parallel");
        AtomicInteger flakyCalls = new AtomicInteger();
        Handled handled = new Handled();
        publisher.publishAndWait(topics.generationOutcomes(), flaky);
        publisher.publishAndWait(topics.generationOutcomes(), steady);

        start(event -> {
            if (event.eventId().equals(flaky.eventId()) && flakyCalls.incrementAndGet() <= 4) {
                throw new RetriableEventException("briefly away");
            }
            handled.handle(event);
        }, 2);

        handled.await(flaky);
        handled.await(steady);
        awaitCommitted(2);
        assertThat(handled.count(flaky)).isEqualTo(1);
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aPipelineStageThatGivesUpOnAnEventFailsItsGenerationAndDeadLettersTheRecord() {
        String generation = TestEvents.generationId("given-up");
        GenerationAuthorized work = TestEvents.authorized(generation, TestEvents.SPEC, "https://example.com/hook");
        AtomicInteger calls = new AtomicInteger();
        startStage(event -> {
            calls.incrementAndGet();
            throw new PoisonEventException(FailureCode.RENDER_FAILED, "the model drew NaNs", null);
        });

        publisher.publishAndWait(topics.generationAuthorized(), work);

        GenerationFailed failed = outcomes().await(1).stream()
                .map(record -> (GenerationFailed) codec.decode(record.headers(), record.value())).findFirst().orElseThrow();
        assertThat(failed.generationId()).isEqualTo(generation);
        assertThat(failed.accountId()).isEqualTo(work.accountId());
        assertThat(failed.code()).isEqualTo(FailureCode.RENDER_FAILED);
        assertThat(failed.webhookUrl()).isEqualTo("https://example.com/hook");
        assertThat(header(deadLetters.await(1).get(0), EventCodec.EVENT_ID_HEADER)).isEqualTo(work.eventId());
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void anEventThatBreaksTheContractFailsItsGenerationWithoutTrustingItsWebhookAndNeverReachesTheHandler()
            throws Exception {
        String generation = TestEvents.generationId("forged");
        GenerationAuthorized forged = new GenerationAuthorized("forged-1", generation, TestEvents.ACCOUNT, Instant.now(),
                TestEvents.SPEC, -50, "https://attacker.example/hook");
        producer.send(new ProducerRecord<>(topics.generationAuthorized().name(), generation, codec.encode(forged))).get();
        AtomicInteger calls = new AtomicInteger();
        startStage(event -> calls.incrementAndGet());

        GenerationFailed failed = outcomes().await(1).stream()
                .map(record -> (GenerationFailed) codec.decode(record.headers(), record.value())).findFirst().orElseThrow();

        assertThat(failed.generationId()).isEqualTo(generation);
        assertThat(failed.code()).isEqualTo(FailureCode.INVALID_EVENT);
        assertThat(failed.webhookUrl()).isNull();
        assertThat(header(deadLetters.await(1).get(0), DeadLetterPublisher.REASON_HEADER))
                .contains("credits must be the price of the spec");
        assertThat(calls.get()).isZero();
    }

    @Test
    void aLoopThatOnlyObservesOutcomesDeadLettersWhatItGivesUpOnAndFailsNothing() {
        GenerationEvent poison = failed("observed-poison");
        start(event -> {
            throw new PoisonEventException("cannot project this");
        });

        publisher.publishAndWait(topics.generationOutcomes(), poison);

        deadLetters.await(1);
        assertThat(outcomes().size()).isEqualTo(1);
    }

    @Test
    void aRecordAbandonedAtShutdownIsNotCommittedAndTheNextMemberHandlesIt() {
        GenerationEvent event = failed("abandoned");
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        EventConsumerLoop[] first = new EventConsumerLoop[1];
        first[0] = start(e -> {
            inside.countDown();
            Eventually.await("the loop to be closing", WAIT, () -> closing(first[0]));
            throw new AbandonedEventException("the renderer closed", null);
        });
        publisher.publishAndWait(topics.generationOutcomes(), event);
        Eventually.await("the first member to be inside the handler", WAIT, () -> inside.getCount() == 0);

        first[0].close();
        assertThat(first[0].stopped()).succeedsWithin(WAIT);
        Handled handled = new Handled();
        start(handled);

        handled.await(event);
        assertThat(deadLetters.size()).isZero();
    }

    @Test
    void aGenerationWaitingForTheDatabaseDoesNotHoldUpOtherGenerations() {
        GenerationEvent stuck = failedFor(TestEvents.generationId("stuck-db"), "stuck");
        GenerationEvent other = failedFor(TestEvents.generationId("other-db"), "other");
        java.util.concurrent.atomic.AtomicBoolean databaseBack = new java.util.concurrent.atomic.AtomicBoolean();
        Handled handled = new Handled();
        start(event -> {
            if (event.equals(stuck) && !databaseBack.get()) {
                throw new RetriableEventException("database away");
            }
            handled.handle(event);
        }, 2);

        publisher.publishAndWait(topics.generationOutcomes(), stuck);
        publisher.publishAndWait(topics.generationOutcomes(), other);

        handled.await(other);
        assertThat(handled.count(stuck)).isZero();
        databaseBack.set(true);
        handled.await(stuck);
        awaitCommitted(2);
    }

    private static boolean closing(EventConsumerLoop loop) {
        return loop != null && loop.isStopping();
    }

    private TopicRecords outcomes() {
        TopicRecords records = new TopicRecords(kafka, topics.generationOutcomes().name());
        opened.add(records);
        return records;
    }

    private EventConsumerLoop startStage(EventHandler handler) {
        ConsumerLoopSettings settings = new ConsumerLoopSettings("loop-test-" + loops.size(), group,
                List.of(topics.generationAuthorized().name()), 100, Duration.ofMinutes(1), 3, Duration.ofMillis(10), 1);
        EventConsumerLoop loop = new EventConsumerLoop(settings,
                KafkaClients.consumer(kafka, group, settings.name(), 100, Duration.ofMinutes(1)), codec, handler,
                GiveUps.failingGenerations(new DeadLetterPublisher(producer, topics.deadLetter()), publisher,
                        topics.generationOutcomes()));
        loops.add(loop);
        return loop.start();
    }

    private EventConsumerLoop start(EventHandler handler) {
        return start(handler, 1);
    }

    private EventConsumerLoop start(EventHandler handler, int concurrency) {
        ConsumerLoopSettings settings = new ConsumerLoopSettings("loop-test-" + loops.size(), group,
                List.of(topics.generationOutcomes().name()), 100, Duration.ofMinutes(1), 3, Duration.ofMillis(10),
                concurrency);
        EventConsumerLoop loop = new EventConsumerLoop(settings,
                KafkaClients.consumer(kafka, group, settings.name(), 100, Duration.ofMinutes(1)), codec, handler,
                new DeadLetterPublisher(producer, topics.deadLetter()));
        loops.add(loop);
        return loop.start();
    }

    /** Waits until the group's committed offsets cover {@code records} records of the outcomes topic. */
    private void awaitCommitted(long records) {
        try (var admin = KafkaClients.admin(kafka)) {
            Eventually.await(records + " committed offsets", WAIT, () -> {
                try {
                    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                            .values().stream().mapToLong(offset -> offset.offset()).sum();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, committed -> committed >= records);
        }
    }

    /** All events of a test share one key, so they share one partition and keep their order. */
    private static GenerationFailed failed(String name) {
        return failedFor(GENERATION, name);
    }

    private static GenerationFailed failedFor(String generationId, String name) {
        return new GenerationFailed(name + "-" + System.nanoTime(), generationId, TestEvents.ACCOUNT, Instant.now(),
                FailureCode.RENDER_FAILED, name, null);
    }

    /** Records what a handler was given, and how often. */
    private static final class Handled implements EventHandler {
        private final List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void handle(GenerationEvent event) {
            events.add(event);
            counts.merge(event.eventId(), 1, Integer::sum);
        }

        void await(GenerationEvent event) {
            Eventually.await("handling of " + event.eventId(), WAIT, () -> counts.containsKey(event.eventId()));
        }

        int count(GenerationEvent event) {
            return counts.getOrDefault(event.eventId(), 0);
        }

        List<GenerationEvent> all() {
            return List.copyOf(events);
        }
    }
}
