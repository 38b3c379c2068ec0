package com.genpicz.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.failures.FatalEventException;
import com.genpicz.common.testing.TestEvents;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.time.Duration;
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
        GenerationDeleted event = TestEvents.deleted(TestEvents.generationId("svc"));

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service")) {
            try (Admin admin = KafkaClients.admin(config)) {
                assertThat(admin.listTopics().names().get())
                        .containsAll(kafka.topics().all().stream().map(TopicSpec::name).toList());
            }
            kafka.loop(infra.uniqueName("svc-group"), List.of(kafka.topics().generationDeleted())).maxPollRecords(10)
                    .start(received::add);

            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(), event);

            Eventually.await("the event back from the loop", WAIT, () -> received.contains(event));
            assertThat(kafka.failure()).isNotDone();
        }
    }

    @Test
    void publishedRecordsAreKeyedByGenerationAndCarryTheEventHeaders(TestInfrastructure infra) {
        KafkaConfig config = new KafkaConfig(infra.kafkaBootstrapServers(), infra.uniqueName("svc") + ".", 1);
        GenerationDeleted event = TestEvents.deleted(TestEvents.generationId("keyed"));

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service");
             TopicRecords records = new TopicRecords(config, kafka.topics().generationDeleted().name())) {
            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(), event);

            ConsumerRecord<String, byte[]> record = records.await(1).get(0);
            assertThat(record.key()).isEqualTo(event.generationId());
            assertThat(TopicRecords.header(record, EventCodec.TYPE_HEADER)).isEqualTo("generation.deleted");
            assertThat(TopicRecords.header(record, EventCodec.EVENT_ID_HEADER)).isEqualTo(event.eventId());
            assertThat(kafka.codec().decode(record.headers(), record.value())).isEqualTo(event);
        }
    }

    @Test
    void aLoopThatStopsOnAFatalFailureFailsTheWholeService(TestInfrastructure infra) {
        KafkaConfig config = new KafkaConfig(infra.kafkaBootstrapServers(), infra.uniqueName("svc") + ".", 1);

        try (ServiceKafka kafka = new ServiceKafka(config, "test-service")) {
            kafka.loop(infra.uniqueName("svc-group"), List.of(kafka.topics().generationDeleted())).maxPollRecords(10)
                    .start(e -> {
                        throw new FatalEventException("cannot go on", null);
                    });

            kafka.publisher().publishAndWait(kafka.topics().generationDeleted(),
                    TestEvents.deleted(TestEvents.generationId("fatal")));

            assertThat(kafka.failure()).failsWithin(WAIT)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(FatalEventException.class);
        }
    }
}
