package com.genpicz.common.kafka;

import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.EventInvariants;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.topics.TopicSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import com.genpicz.common.tracing.TraceHeaders;
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

    /** Checks the event's invariants first: a stage never puts an event on a topic that its readers would refuse. */
    public CompletableFuture<RecordMetadata> publish(TopicSpec topic, GenerationEvent event) {
        EventInvariants.require(event);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic.name(), event.generationId(), codec.encode(event));
        codec.writeHeaders(event, record.headers());
        TraceHeaders.inject(record.headers());
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

    /** Publishes and blocks until the broker acknowledged; a failure comes classified (see {@code KafkaFailures}). */
    public void publishAndWait(TopicSpec topic, GenerationEvent event) {
        try {
            publish(topic, event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaFailures.ofSend("publishing " + event.type(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw KafkaFailures.ofSend("publishing " + event.type() + " to " + topic.name(), cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
