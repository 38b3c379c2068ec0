package com.genpicz.common.kafka;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.common.topics.TopicCatalog;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds Kafka clients with the settings every GenPicz service shares: durable producers, manual-commit consumers. */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * An idempotent producer that waits for all in-sync replicas: an acknowledged event survives a broker crash.
     * Timeouts are short so that a dead cluster surfaces as an error in seconds rather than a hung request.
     */
    public static KafkaProducer<String, byte[]> producer(KafkaConfig config, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, instanceClientId(clientId));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicCatalog.IMAGE_RECORD_MAX_BYTES);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.putAll(config.security().clientProperties());
        return new KafkaProducer<>(props);
    }

    /**
     * A consumer in a shared group with auto-commit off: loops commit only after their side effect is done, so a
     * crash replays rather than skips. {@code maxPollInterval} must cover the slowest batch a loop processes.
     */
    public static KafkaConsumer<String, byte[]> consumer(
            KafkaConfig config, String groupId, String clientId, int maxPollRecords, Duration maxPollInterval) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceClientId(clientId));
        // Incremental rebalances: a member joining or leaving moves only the partitions that change hands, and the
        // others keep working meanwhile.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
        // A crashed instance's partitions move to the survivors after 10 s instead of the default 45 s.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, TopicCatalog.IMAGE_RECORD_MAX_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * TopicCatalog.IMAGE_RECORD_MAX_BYTES);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putAll(config.security().clientProperties());
        return new KafkaConsumer<>(props);
    }

    /**
     * {@code clientId} plus this instance's id ({@code GENPICZ_INSTANCE_ID}, else host name and process id), so
     * that broker-side metrics and logs tell the instances of one service apart (in Kubernetes the host name is
     * the pod name).
     */
    static String instanceClientId(String clientId) {
        return clientId + "-" + OperationsConfig.instanceIdOf(Env.system());
    }

    public static Admin admin(KafkaConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(config.security().clientProperties());
        return Admin.create(props);
    }
}
