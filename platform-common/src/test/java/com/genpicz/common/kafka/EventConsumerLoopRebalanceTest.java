package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Members of one consumer group joining and leaving while slow handlers run: every record must still be handled,
 * never two records of one key at once, and never a record before the one before it on its key.
 */
@ExtendWith(RealInfrastructure.class)
class EventConsumerLoopRebalanceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int KEYS = 12;
    private static final int RECORDS_PER_KEY = 6;
    private static final long HANDLER_MILLIS = 60;

    private final EventCodec codec = new EventCodec();
    private final List<EventConsumerLoop> loops = new ArrayList<>();
    private TopicCatalog topics;
    private KafkaConfig kafka;
    private KafkaProducer<String, byte[]> producer;
    private EventPublisher publisher;
    private String group;
    private final KeyOrderCheck check = new KeyOrderCheck();

    @BeforeEach
    void createTopics(TestInfrastructure infra) {
        topics = new TopicCatalog(infra.uniqueName("rebalance") + ".");
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, List.of(topics.generationOutcomes(), topics.deadLetter()));
        producer = KafkaClients.producer(kafka, "rebalance-test");
        publisher = new EventPublisher(producer, codec);
        group = infra.uniqueName("rebalance-group");
    }

    @AfterEach
    void stop() {
        loops.forEach(EventConsumerLoop::close);
        publisher.close();
    }

    @Test
    void noRecordIsSkippedWhenASecondMemberJoinsWhileTheFirstIsMidBatch() {
        // Each handler outlasts the loop's keep-alive polls, which is when a joining member's rebalance lands.
        check.slowDown(4_000);
        check.expect(12, 1);
        publish(12, 1);
        start(4);
        check.awaitHandled(1);

        start(4);

        check.awaitEveryRecordHandled();
        assertThat(check.violations()).isEmpty();
    }

    @Test
    void everyRecordIsHandledInKeyOrderWhenASecondMemberJoinsAndTheFirstLeavesMidBatch() {
        publishAll();
        EventConsumerLoop first = start(4);
        check.awaitHandled(KEYS);

        start(4);
        check.awaitHandled(KEYS * 2);
        first.close();

        check.awaitEveryRecordHandled();
        assertThat(check.violations()).isEmpty();
    }

    @Test
    void everyRecordIsHandledInKeyOrderWhileThreeMembersJoinAndLeave() {
        publishAll();
        EventConsumerLoop first = start(3);
        check.awaitHandled(8);

        EventConsumerLoop second = start(3);
        check.awaitHandled(20);
        start(3);
        check.awaitHandled(32);
        first.close();
        check.awaitHandled(44);
        second.close();

        check.awaitEveryRecordHandled();
        assertThat(check.violations()).isEmpty();
    }

    @Test
    void aSingleSlowMemberNeverHandlesTwoRecordsOfOneKeyAtOnce() {
        publishAll();
        start(8);

        check.awaitEveryRecordHandled();
        assertThat(check.violations()).isEmpty();
        assertThat(check.mostAtOnce()).as("records handled at once").isGreaterThan(1);
    }

    private void publishAll() {
        publish(KEYS, RECORDS_PER_KEY);
    }

    private void publish(int keys, int perKey) {
        for (int sequence = 0; sequence < perKey; sequence++) {
            for (int key = 0; key < keys; key++) {
                publisher.publishAndWait(topics.generationOutcomes(), event(key, sequence));
            }
        }
    }

    private EventConsumerLoop start(int concurrency) {
        ConsumerLoopSettings settings = new ConsumerLoopSettings("rebalance-" + loops.size(), group,
                List.of(topics.generationOutcomes().name()), concurrency, Duration.ofMinutes(1), 3,
                Duration.ofMillis(10), concurrency);
        EventConsumerLoop loop = new EventConsumerLoop(settings,
                KafkaClients.consumer(kafka, group, settings.name(), concurrency, Duration.ofMinutes(1)), codec,
                check, new DeadLetterPublisher(producer, topics.deadLetter()));
        loops.add(loop);
        return loop.start();
    }

    private static GenerationFailed event(int key, int sequence) {
        return new GenerationFailed("evt-" + key + "-" + sequence + "-" + System.nanoTime(),
                String.format("gen_rebalance%05d", key), TestEvents.ACCOUNT, Instant.now(), FailureCode.RENDER_FAILED,
                Integer.toString(sequence), null);
    }

    /** A slow handler that records, per key, what it saw and whether any record came early or overlapped. */
    private static final class KeyOrderCheck implements EventHandler {
        private final Map<String, Integer> highestHandled = new ConcurrentHashMap<>();
        private final Set<String> busyKeys = ConcurrentHashMap.newKeySet();
        private final Set<String> distinctHandled = ConcurrentHashMap.newKeySet();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final AtomicInteger handlings = new AtomicInteger();
        private final AtomicInteger atOnce = new AtomicInteger();
        private final AtomicInteger mostAtOnce = new AtomicInteger();
        private int expected = KEYS * RECORDS_PER_KEY;
        private volatile long handlerMillis = HANDLER_MILLIS;

        void slowDown(long millis) {
            handlerMillis = millis;
        }

        void expect(int keys, int perKey) {
            expected = keys * perKey;
        }

        @Override
        public void handle(GenerationEvent event) throws InterruptedException {
            String key = event.generationId();
            int sequence = Integer.parseInt(((GenerationFailed) event).message());
            if (!busyKeys.add(key)) {
                violations.add("two records of " + key + " at once (one was " + sequence + ")");
            }
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                int before = highestHandled.getOrDefault(key, -1);
                if (sequence > before + 1) {
                    violations.add(key + " record " + sequence + " handled before record " + (before + 1));
                }
                TimeUnit.MILLISECONDS.sleep(handlerMillis);
                highestHandled.merge(key, sequence, Math::max);
                distinctHandled.add(key + "/" + sequence);
                handlings.incrementAndGet();
            } finally {
                atOnce.decrementAndGet();
                busyKeys.remove(key);
            }
        }

        void awaitHandled(int count) {
            Eventually.await(count + " handlings", WAIT, () -> handlings.get() >= count);
        }

        void awaitEveryRecordHandled() {
            Eventually.await("every record handled (violations so far: " + violations + ")", WAIT,
                    distinctHandled::size, size -> size == expected);
        }

        List<String> violations() {
            return List.copyOf(violations);
        }

        int mostAtOnce() {
            return mostAtOnce.get();
        }
    }
}
