package com.genpicz.ingress.generations;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.kafka.TopicFollower;
import com.genpicz.common.topics.TopicSpec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private final TopicFollower follower;
    private final EventCodec codec;
    private final Map<String, CompletableFuture<GenerationEvent>> waiting = new ConcurrentHashMap<>();

    public CompletionWaiter(KafkaConfig config, TopicSpec outcomes, EventCodec codec) {
        this.follower = new TopicFollower(config, "ingress-completion-waiter", outcomes, TopicFollower.Start.END,
                this::deliver);
        this.codec = codec;
    }

    /** Starts reading and returns once the reader is positioned at the topic's end. */
    public CompletionWaiter start() {
        follower.start();
        return this;
    }

    /** The future completes with the generation's completed or failed event. Cancel it when giving up. */
    public CompletableFuture<GenerationEvent> register(String generationId) {
        CompletableFuture<GenerationEvent> future = new CompletableFuture<>();
        waiting.put(generationId, future);
        future.whenComplete((event, error) -> waiting.remove(generationId, future));
        return future;
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

    /** Completes exceptionally when reading stopped on an error. */
    public java.util.concurrent.CompletableFuture<Void> failure() {
        return follower.failure();
    }

    @Override
    public void close() {
        follower.close();
        waiting.values().forEach(future -> future.cancel(false));
    }
}
