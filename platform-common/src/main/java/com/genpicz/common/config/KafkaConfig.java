package com.genpicz.common.config;

import com.genpicz.common.topics.TopicCatalog;

/** Where the brokers are and which topic prefix this platform uses. */
public record KafkaConfig(String bootstrapServers, String topicPrefix, int replicationFactor) {

    public static KafkaConfig from(Env env) {
        return new KafkaConfig(
                env.string("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("GENPICZ_TOPIC_PREFIX", TopicCatalog.DEFAULT_PREFIX),
                env.integer("GENPICZ_KAFKA_REPLICATION_FACTOR", 1, 1, 5));
    }

    public TopicCatalog topics() {
        return new TopicCatalog(topicPrefix);
    }
}
