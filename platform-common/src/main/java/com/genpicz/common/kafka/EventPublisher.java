package com.genpicz.common.kafka;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.topics.TopicSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes events keyed by generation id, so that all events of one generation stay in order. */
public final class EventPublisher implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;

    public EventPublisher(Producer<String, byte[]> producer, EventCodec codec) {
        this.producer = producer;
        this.codec = codec;
    }

    public CompletableFuture<RecordMetadata> publish(TopicSpec topic, GenerationEvent event) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic.name(), event.generationId(), codec.encode(event));
        codec.writeHeaders(event, record.headers());
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(metadata);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** Publishes and blocks until the broker acknowledged; a failure is retriable from the caller's point of view. */
    public void publishAndWait(TopicSpec topic, GenerationEvent event) {
        try {
            publish(topic, event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableEventException("interrupted while publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RetriableEventException("cannot publish " + event.type() + " to " + topic.name(), cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
