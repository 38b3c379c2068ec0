package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class ServiceKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aServiceCreatesItsTopicsAndItsLoopsReceiveWhatItPublishes(TestInfrastructure infra) throws Exception {
        KafkaConfig config = new KafkaConfig(infra.kafkaBootstrapServers(), infra.uniqueName("svc") + ".", 1);
        List<GenerationEvent> received = new CopyOnWriteArrayList<>();
        GenerationDeleted event = new GenerationDeleted("ev-1", "gen_svc", "acct_1", Instant.now(), "gen/svc.png");

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service")) {
            try (Admin admin = KafkaClients.admin(config)) {
                assertThat(admin.listTopics().names().get())
                        .containsAll(kafka.topics().all().stream().map(TopicSpec::name).toList());
            }
            kafka.startLoop(infra.uniqueName("svc-group"), List.of(kafka.topics().generationDeleted()), 10,
                    received::add);

            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(), event);

            Eventually.await("the event back from the loop", WAIT, () -> received.contains(event));
            assertThat(kafka.failure()).isNotDone();
        }
    }

    @Test
    void publishedRecordsAreKeyedByGenerationAndCarryTheEventHeaders(TestInfrastructure infra) {
        KafkaConfig config = new KafkaConfig(infra.kafkaBootstrapServers(), infra.uniqueName("svc") + ".", 1);
        GenerationDeleted event = new GenerationDeleted("ev-2", "gen_keyed", "acct_1", Instant.now(), null);

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service");
             TopicRecords records = new TopicRecords(config, kafka.topics().generationDeleted().name())) {
            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(), event);

            ConsumerRecord<String, byte[]> record = records.await(1).get(0);
            assertThat(record.key()).isEqualTo("gen_keyed");
            assertThat(TopicRecords.header(record, EventCodec.TYPE_HEADER)).isEqualTo("generation.deleted");
            assertThat(TopicRecords.header(record, EventCodec.EVENT_ID_HEADER)).isEqualTo("ev-2");
            assertThat(kafka.codec().decode(record.headers(), record.value())).isEqualTo(event);
        }
    }

    @Test
    void aLoopThatStopsOnAFatalFailureFailsTheWholeService(TestInfrastructure infra) {
        KafkaConfig config = new KafkaConfig(infra.kafkaBootstrapServers(), infra.uniqueName("svc") + ".", 1);

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service")) {
            kafka.startLoop(infra.uniqueName("svc-group"), List.of(kafka.topics().generationDeleted()), 10, e -> {
                throw new FatalEventException("cannot go on", null);
            });

            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(),
                    new GenerationDeleted("ev-3", "gen_fatal", "acct_1", Instant.now(), null));

            assertThat(kafka.failure()).failsWithin(WAIT)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(FatalEventException.class);
        }
    }
}
