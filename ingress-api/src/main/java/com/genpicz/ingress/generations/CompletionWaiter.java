package com.genpicz.ingress.generations;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets synchronous {@code POST /v1/generate} calls wait for their outcome without a thread each: every ingress
 * instance reads the whole outcomes topic from its end (no consumer group, nothing committed) and completes the
 * futures of the requests it holds. Requests register before their generation is stored, so no outcome can slip
 * past them.
 */
public final class CompletionWaiter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompletionWaiter.class);

    private final Consumer<String, byte[]> consumer;
    private final TopicSpec outcomes;
    private final EventCodec codec;
    private final Map<String, CompletableFuture<GenerationEvent>> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread = new Thread(this::run, "completion-waiter");
    private volatile boolean running = true;

    public CompletionWaiter(KafkaConfig config, TopicSpec outcomes, EventCodec codec) {
        this.consumer = KafkaClients.consumer(config, null, "ingress-completion-waiter", 500, Duration.ofMinutes(5));
        this.outcomes = outcomes;
        this.codec = codec;
    }

    /** Starts reading and returns once the reader is positioned at the topic's end. */
    public CompletionWaiter start() {
        thread.start();
        try {
            if (!positioned.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("cannot position on " + outcomes.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        return this;
    }

    /** The future completes with the generation's completed or failed event. Cancel it when giving up. */
    public CompletableFuture<GenerationEvent> register(String generationId) {
        CompletableFuture<GenerationEvent> future = new CompletableFuture<>();
        waiting.put(generationId, future);
        future.whenComplete((event, error) -> waiting.remove(generationId, future));
        return future;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(outcomes.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("event=completion_waiter_stopped reason=\"{}\"", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        CompletableFuture<GenerationEvent> future = waiting.get(record.key());
        if (future == null) {
            return;
        }
        try {
            GenerationEvent event = codec.decode(record.headers(), record.value());
            if (event instanceof GenerationCompleted || event instanceof GenerationFailed) {
                future.complete(event);
            }
        } catch (RuntimeException e) {
            log.warn("event=outcome_unreadable generation_id={} reason=\"{}\"", record.key(), e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(future -> future.cancel(false));
    }
}
