package com.genpicz.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the usage projection (Kafka Streams, exactly once, in accounting-service — which the run kills -9 twice)
 * counted every generation once: per account, the month totals on {@code usage.v1} against what the database says
 * happened — generations requested, completed and failed, and the net charge against the ledger's.
 */
final class UsageAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One account's totals, from either side. */
    record Totals(long requested, long completed, long failed, long netCharge) {
    }

    private UsageAudit() {
    }

    /** What the database says, per account: every accepted generation was requested once. */
    static Map<String, Totals> expected(List<Audit.Row> rows, Map<String, Long> netCharges) {
        Map<String, long[]> counts = new TreeMap<>();
        for (Audit.Row row : rows) {
            long[] count = counts.computeIfAbsent(row.accountId(), ignored -> new long[3]);
            count[0]++;
            if (row.status().equals("completed")) {
                count[1]++;
            } else if (row.status().equals("failed")) {
                count[2]++;
            }
        }
        Map<String, Totals> expected = new TreeMap<>();
        counts.forEach((account, count) -> expected.put(account,
                new Totals(count[0], count[1], count[2], netCharges.getOrDefault(account, 0L))));
        return expected;
    }

    /** The month totals on the usage topic, summed per account (a run may cross a month boundary). */
    static Map<String, Totals> counted(String bootstrapServers) {
        TopicSpec usage = new TopicCatalog(TopicCatalog.DEFAULT_PREFIX).usage();
        KafkaConfig kafka = new KafkaConfig(bootstrapServers, TopicCatalog.DEFAULT_PREFIX, 1);
        Map<String, JsonNode> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(kafka, null, "fault-run-usage", 500,
                Duration.ofMinutes(1))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < usage.partitions(); i++) {
                partitions.add(new TopicPartition(usage.name(), i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().contains("/month/")) {
                        latest.put(record.key(), parse(record.value()));
                    }
                }
            }
        }
        Map<String, Totals> counted = new TreeMap<>();
        latest.values().forEach(month -> counted.merge(month.path("account_id").asText(), new Totals(
                month.path("generations_requested").asLong(), month.path("generations_completed").asLong(),
                month.path("generations_failed").asLong(),
                month.path("credits_debited").asLong() - month.path("credits_refunded").asLong()),
                (a, b) -> new Totals(a.requested() + b.requested(), a.completed() + b.completed(),
                        a.failed() + b.failed(), a.netCharge() + b.netCharge())));
        return counted;
    }

    /** One line per account whose totals differ; empty when the projection agrees with the database. */
    static List<String> mismatches(Map<String, Totals> expected, Map<String, Totals> counted) {
        List<String> mismatches = new ArrayList<>();
        expected.forEach((account, totals) -> {
            Totals found = counted.get(account);
            if (!totals.equals(found)) {
                mismatches.add(account + ": database " + totals + ", usage.v1 " + found);
            }
        });
        return mismatches;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("a usage record that is not JSON", e);
        }
    }
}
