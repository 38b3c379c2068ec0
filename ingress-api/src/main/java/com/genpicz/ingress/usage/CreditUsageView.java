package com.genpicz.ingress.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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

    private final Consumer<String, byte[]> consumer;
    private final TopicSpec usage;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> creditsByAccountMonth = new ConcurrentHashMap<>();
    private final Thread thread = new Thread(this::run, "credit-usage-view");
    private volatile boolean running = true;

    public CreditUsageView(KafkaConfig config, TopicSpec usage) {
        this.consumer = KafkaClients.consumer(config, null, "ingress-usage-view", 500, Duration.ofMinutes(5));
        this.usage = usage;
    }

    public CreditUsageView start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Credits debited less credits refunded for the account's generations requested in {@code month}. */
    public long creditsUsed(String accountId, YearMonth month) {
        return creditsByAccountMonth.getOrDefault(accountId + MONTH + month, 0L);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(usage.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    remember(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("event=credit_usage_view_stopped reason=\"{}\"", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
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

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
