package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class AccountingServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventCodec codec = new EventCodec();

    @Test
    void aRequestedGenerationIsAuthorizedOverKafkaAndItsFailureRefundsTheCredits(TestInfrastructure infra,
            @TempDir Path stateDirectory) throws Exception {
        DatabaseCoordinates db = infra.newDatabase();
        TopicCatalog topics = new TopicCatalog(infra.uniqueName("accounting-svc") + ".");
        KafkaConfig kafka = new KafkaConfig(infra.kafkaBootstrapServers(), topics.prefix(), 1);
        AccountingConfig config = new AccountingConfig(kafka,
                new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4), stateDirectory, 0,
                "test-internal-token-0123456789", com.genpicz.common.config.OperationsConfig.anyFreePort());

        try (AccountingService service = AccountingService.start(config);
             Database database = Database.connect(config.database(), "test");
             KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka, "test-producer");
             KafkaConsumer<String, byte[]> authorized = KafkaClients.consumer(kafka, infra.uniqueName("test-reader"),
                     "test-reader", 100, Duration.ofMinutes(1))) {
            Accounts accounts = new Accounts(database.jdbi());
            String account = accounts.create(10);
            authorized.subscribe(List.of(topics.generationAuthorized().name()));
            GenerationRequested request = AccountingHandlerTest.requested(account, 3, "https://example.com/hook");

            send(producer, topics.generationRequested().name(), request);

            GenerationAuthorized authorization = Eventually.await("the authorization", WAIT,
                    () -> next(authorized, request.generationId()), Optional::isPresent)
                    .map(GenerationAuthorized.class::cast).orElseThrow();
            assertThat(authorization.accountId()).isEqualTo(account);
            assertThat(authorization.credits()).isEqualTo(3);
            assertThat(accounts.balance(account)).isEqualTo(7);

            send(producer, topics.generationOutcomes().name(), new GenerationFailed(Identifiers.eventId(),
                    request.generationId(), account, Instant.now(), FailureCode.RENDER_FAILED, "the render failed", null));

            Eventually.await("the refund", WAIT, () -> accounts.balance(account) == 10);
            assertThat(service.failure()).isNotDone();
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, String topic, GenerationEvent event) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.generationId(), codec.encode(event));
        codec.writeHeaders(event, record.headers());
        producer.send(record).get();
    }

    private Optional<GenerationEvent> next(KafkaConsumer<String, byte[]> consumer, String generationId) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            GenerationEvent event = codec.decode(record.headers(), record.value());
            if (event.generationId().equals(generationId)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
