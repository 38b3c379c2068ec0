package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.infra.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Reads a topic from the beginning with a plain consumer outside any group, as an operator's tool would. */
final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    TopicRecords(KafkaConfig config, String topic) {
        this.consumer = KafkaClients.consumer(config, null, "test-reader-" + topic, 500, Duration.ofMinutes(1));
        this.partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until at least {@code count} records arrived and returns all seen so far. */
    List<ConsumerRecord<String, byte[]>> await(int count) {
        return Eventually.await(count + " records on " + partitions.get(0).topic(), Duration.ofSeconds(30), () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            return List.copyOf(seen);
        }, records -> records.size() >= count);
    }

    /** How many records the topic holds right now, by its end offsets. */
    long size() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
