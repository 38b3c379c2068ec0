package com.genpicz.common.kafka;

import com.genpicz.common.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Copies a record that cannot be processed to the dead-letter topic, byte for byte, with headers that say where it
 * came from and why it failed, so that an operator can inspect and replay it.
 */
public final class DeadLetterPublisher {

    public static final String REASON_HEADER = "genpicz-dlt-reason";
    public static final String EXCEPTION_HEADER = "genpicz-dlt-exception";
    public static final String CONSUMER_HEADER = "genpicz-dlt-consumer";
    public static final String ORIGIN_HEADER = "genpicz-dlt-origin";
    public static final String FAILED_AT_HEADER = "genpicz-dlt-failed-at";

    private final Producer<String, byte[]> producer;
    private final TopicSpec deadLetterTopic;

    public DeadLetterPublisher(Producer<String, byte[]> producer, TopicSpec deadLetterTopic) {
        this.producer = producer;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Blocks until the dead letter is acknowledged: only then may the original offset be committed. */
    public void send(ConsumerRecord<String, byte[]> original, String consumerName, Throwable failure) {
        ProducerRecord<String, byte[]> letter =
                new ProducerRecord<>(deadLetterTopic.name(), null, original.key(), original.value(), original.headers());
        Headers headers = letter.headers();
        add(headers, REASON_HEADER, String.valueOf(failure.getMessage()));
        add(headers, EXCEPTION_HEADER, failure.getClass().getName());
        add(headers, CONSUMER_HEADER, consumerName);
        add(headers, ORIGIN_HEADER, original.topic() + "/" + original.partition() + "@" + original.offset());
        add(headers, FAILED_AT_HEADER, Instant.now().toString());
        try {
            producer.send(letter).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaFailures.ofSend("dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw KafkaFailures.ofSend("dead-lettering to " + deadLetterTopic.name(),
                    e instanceof ExecutionException ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw KafkaFailures.ofSend("dead-lettering to " + deadLetterTopic.name(), e);
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
