package com.genpicz.common.config;

import com.genpicz.common.topics.TopicCatalog;

/** Where the brokers are, which topic prefix this platform uses, and how the clients authenticate. */
public record KafkaConfig(String bootstrapServers, String topicPrefix, int replicationFactor, KafkaSecurity security) {

    /** Plaintext, as the local stacks and the tests connect. */
    public KafkaConfig(String bootstrapServers, String topicPrefix, int replicationFactor) {
        this(bootstrapServers, topicPrefix, replicationFactor, KafkaSecurity.PLAINTEXT);
    }

    public static KafkaConfig from(Env env) {
        return new KafkaConfig(
                env.string("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("GENPICZ_TOPIC_PREFIX", TopicCatalog.DEFAULT_PREFIX),
                env.integer("GENPICZ_KAFKA_REPLICATION_FACTOR", 1, 1, 5),
                KafkaSecurity.from(env));
    }

    public TopicCatalog topics() {
        return new TopicCatalog(topicPrefix);
    }
}
