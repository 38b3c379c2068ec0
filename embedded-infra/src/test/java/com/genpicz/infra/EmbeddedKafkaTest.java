package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

/** Brokers started concurrently in one JVM would share node id 1 and its JMX names. */
@ResourceLock("kafka-broker")
class EmbeddedKafkaTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void recordsProducedAreConsumedIncludingOneOfSixteenMebibytes() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            byte[] image = new byte[16 * 1024 * 1024];
            image[image.length - 1] = 42;
            produce(kafka, "images", Map.of("small", new byte[] {1, 2, 3}, "large", image));

            List<ConsumerRecord<String, byte[]>> records = consumeFromStart(kafka, "images", 2);

            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("small", "large");
            byte[] received = records.stream().filter(r -> r.key().equals("large")).findFirst().orElseThrow().value();
            assertThat(received).hasSize(image.length);
            assertThat(received[received.length - 1]).isEqualTo((byte) 42);
        }
    }

    @Test
    void aDurableBrokerForcesEveryAppendToDiskBeforeItAcknowledges() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0, 0, EmbeddedKafka.Durability.FLUSH_EVERY_APPEND);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("ledger", 1, (short) 1))).all().get();
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "ledger");

            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(config.get("flush.messages").value()).isEqualTo("1");
        }
    }

    @Test
    void recordsSurviveARestartOnTheSameDataDirectory() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
            }
            produce(kafka, "orders", Map.of("order-1", "paid".getBytes()));
        }

        try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", restarted.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("orders");
            }
            List<ConsumerRecord<String, byte[]>> records = consumeFromStart(restarted, "orders", 1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("order-1");
                assertThat(new String(r.value())).isEqualTo("paid");
            });
        }
    }

    private static void produce(EmbeddedKafka kafka, String topic, Map<String, byte[]> records) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EmbeddedKafka.MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consumeFromStart(EmbeddedKafka kafka, String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long end = System.nanoTime() + LIMIT.toNanos();
            while (received.size() < count && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }
}
