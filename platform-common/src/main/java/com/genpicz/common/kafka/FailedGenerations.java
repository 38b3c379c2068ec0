package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.topics.TopicSpec;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations that already failed — deleted, timed out, given up — as this instance read them from the
 * outcomes topic, so that a stage can skip work nobody will use: inference does not render them, storage does not
 * store them. Every instance reads every partition of the topic (no group), starting {@code lookback} ago.
 *
 * <p>This is a saving, not a guarantee: an instance that has not read a failure yet does the work, and the
 * generation's first outcome still wins everywhere (docs/architecture.md). Only failures are kept: they are rare,
 * so the memory stays small.
 */
public final class FailedGenerations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FailedGenerations.class);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(15);

    private final Consumer<String, byte[]> consumer;
    private final TopicSpec outcomes;
    private final EventCodec codec;
    private final Duration lookback;
    private final Cache<String, FailureCode> failed;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public FailedGenerations(KafkaConfig config, TopicSpec outcomes, EventCodec codec, Duration lookback,
                             String clientId) {
        this.consumer = KafkaClients.consumer(config, null, clientId, 500, Duration.ofMinutes(5));
        this.outcomes = outcomes;
        this.codec = codec;
        this.lookback = lookback;
        this.failed = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(lookback).build();
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    /** Starts reading; returns once the failures of the last {@code lookback} are read, or after 15 s regardless. */
    public FailedGenerations start() {
        thread.start();
        try {
            if (!caughtUp.await(CATCH_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("event=failed_generations_behind topic={} note=\"still reading; work on generations that "
                        + "failed meanwhile may be done needlessly\"", outcomes.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** The failure of {@code generationId}, if this instance has read one. */
    public Optional<FailureCode> failureOf(String generationId) {
        return Optional.ofNullable(failed.getIfPresent(generationId));
    }

    /** Records a failure this instance published itself, before the topic brings it back. */
    public void remember(String generationId, FailureCode code) {
        failed.put(generationId, code);
    }

    private void run() {
        try {
            Map<TopicPartition, Long> ends = positionAtLookback();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record);
                }
                if (caughtUp.getCount() > 0 && ends.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("event=failed_generations_stopped reason=\"{}\"", e.toString(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Assigns every partition and seeks to {@code lookback} ago; waits for Kafka if it is away at start. */
    private Map<TopicPartition, Long> positionAtLookback() throws InterruptedException {
        while (true) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(outcomes.name()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                consumer.assign(partitions);
                return seekToLookback(partitions);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                log.warn("event=failed_generations_waiting reason=\"{}\"", e.toString());
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    private Map<TopicPartition, Long> seekToLookback(List<TopicPartition> partitions) {
        long since = Instant.now().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        partitions.forEach(partition -> timestamps.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = starts.get(partition);
            consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
        }
        return ends;
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            GenerationEvent event = codec.decode(record.headers(), record.value());
            if (event instanceof GenerationFailed failure) {
                failed.put(failure.generationId(), failure.code());
            }
        } catch (RuntimeException e) {
            // A record nobody can read is the dead-letter topic's business, not this view's.
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
