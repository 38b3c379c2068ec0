package com.genpicz.ingress.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.TopicProvisioner;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class CreditUsageViewTest {

    @Test
    void theLatestMonthTotalOnTheUsageTopicIsTheAccountsCreditsUsedAndDayTotalsAreIgnored(TestInfrastructure infra)
            throws Exception {
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("usage-view") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        TopicProvisioner.ensureTopics(kafka, List.of(topics.usage()));
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka, "usage-writer");
             CreditUsageView view = new CreditUsageView(kafka, topics.usage()).start()) {
            send(producer, topics, "acct_A/month/2026-11", "{\"credits_debited\":9,\"credits_refunded\":4}");
            send(producer, topics, "acct_A/day/2026-11-30", "{\"credits_debited\":100,\"credits_refunded\":0}");
            send(producer, topics, "acct_A/month/2026-11", "{\"credits_debited\":12,\"credits_refunded\":4}");
            send(producer, topics, "acct_B/month/2026-11", "{\"credits_debited\":5,\"credits_refunded\":2}");

            Eventually.await("the latest month totals", Duration.ofSeconds(30),
                    () -> view.creditsUsed("acct_A", YearMonth.of(2026, 11)) == 8
                            && view.creditsUsed("acct_B", YearMonth.of(2026, 11)) == 3);
            assertThat(view.creditsUsed("acct_A", YearMonth.of(2026, 12))).isZero();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, TopicCatalog topics, String key, String json)
            throws Exception {
        producer.send(new ProducerRecord<>(topics.usage().name(), key, json.getBytes(StandardCharsets.UTF_8))).get();
    }
}
