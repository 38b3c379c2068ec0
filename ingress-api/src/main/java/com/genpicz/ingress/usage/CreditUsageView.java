package com.genpicz.ingress.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.kafka.TopicFollower;
import com.genpicz.common.topics.TopicSpec;
import java.io.IOException;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credits each account used per month, as accounting publishes them on {@code usage.v1}: every ingress instance
 * reads the month totals of that compacted topic from the beginning (no consumer group, nothing committed) and
 * keeps the latest per key. Credits are accounting's; this is how ingress knows them without reading its tables.
 * Totals lag the pipeline by about a second and equal the ledger once it is idle.
 */
public final class CreditUsageView implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CreditUsageView.class);
    private static final String MONTH = "/month/";

    private final TopicFollower follower;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> creditsByAccountMonth = new ConcurrentHashMap<>();

    public CreditUsageView(KafkaConfig config, TopicSpec usage) {
        this.follower = new TopicFollower(config, "ingress-usage-view", usage, TopicFollower.Start.BEGINNING,
                this::remember);
    }

    /** Starts reading; totals fill in as the topic is read from its beginning. */
    public CreditUsageView start() {
        follower.start();
        return this;
    }

    /** Credits debited less credits refunded for the account's generations requested in {@code month}. */
    public long creditsUsed(String accountId, YearMonth month) {
        return creditsByAccountMonth.getOrDefault(accountId + MONTH + month, 0L);
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || !record.key().contains(MONTH)) {
            return;
        }
        if (record.value() == null) {
            creditsByAccountMonth.remove(record.key());
            return;
        }
        try {
            JsonNode total = json.readTree(record.value());
            creditsByAccountMonth.put(record.key(),
                    total.path("credits_debited").asLong() - total.path("credits_refunded").asLong());
        } catch (IOException e) {
            log.warn("event=usage_record_unreadable key={} reason=\"{}\"", record.key(), e.toString());
        }
    }

    /** Completes exceptionally when reading stopped on an error. */
    public java.util.concurrent.CompletableFuture<Void> failure() {
        return follower.failure();
    }

    @Override
    public void close() {
        follower.close();
    }
}
