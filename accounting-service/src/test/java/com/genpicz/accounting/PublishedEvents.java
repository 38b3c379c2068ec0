package com.genpicz.accounting;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads one topic from its beginning with a plain consumer outside any group and decodes what it finds. */
final class PublishedEvents implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventCodec codec = new EventCodec();
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<GenerationEvent> seen = new ArrayList<>();

    PublishedEvents(KafkaConfig config, TopicSpec topic) {
        this.consumer = KafkaClients.consumer(config, null, "test-reader", 500, Duration.ofMinutes(1));
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(topic.name(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until {@code count} events of {@code generationId} arrived, and returns them in order. */
    List<GenerationEvent> await(String generationId, int count) {
        return Eventually.await(count + " events of " + generationId, WAIT, () -> {
            consumer.poll(Duration.ofMillis(100))
                    .forEach(record -> seen.add(codec.decode(record.headers(), record.value())));
            return seen.stream().filter(event -> event.generationId().equals(generationId)).toList();
        }, events -> events.size() >= count);
    }

    /** How many events of {@code generationId} the topic holds once everything published so far was read. */
    long count(String generationId) {
        var ends = consumer.endOffsets(consumer.assignment());
        Eventually.await("the end of the topic", WAIT, () -> {
            consumer.poll(Duration.ofMillis(100))
                    .forEach(record -> seen.add(codec.decode(record.headers(), record.value())));
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return seen.stream().filter(event -> event.generationId().equals(generationId)).count();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
