package com.genpicz.common.kafka;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import com.genpicz.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One service's Kafka side: a shared producer, the event publisher and dead-letter publisher on top of it, and the
 * consumer loops the service runs. Closing it stops the loops first, then flushes the producer.
 */
public final class ServiceKafka implements AutoCloseable {

    private final KafkaConfig config;
    private final String serviceName;
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final EventPublisher publisher;
    private final DeadLetterPublisher deadLetters;
    private final StageRecorder stages;
    private final List<EventConsumerLoop> loops = new ArrayList<>();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final List<KafkaClientMetrics> clientMetrics = new ArrayList<>();

    public ServiceKafka(KafkaConfig config, String serviceName) {
        this(config, serviceName, new CompositeMeterRegistry(), Tracing.none().tracer());
    }

    /**
     * With the clients' own metrics (lag, fetch and send rates) and each loop's bound to {@code meters}, and one
     * span per handled record from {@code tracer}.
     */
    public ServiceKafka(KafkaConfig config, String serviceName, MeterRegistry meters, Tracer tracer) {
        this.config = config;
        this.serviceName = serviceName;
        this.meters = meters;
        this.tracer = tracer;
        // Every service makes sure the catalog's topics exist, so start-up order does not matter.
        TopicProvisioner.ensureTopics(config, config.topics().all());
        this.producer = KafkaClients.producer(config, serviceName);
        bind(new KafkaClientMetrics(producer));
        this.publisher = new EventPublisher(producer, codec);
        this.deadLetters = new DeadLetterPublisher(producer, config.topics().deadLetter());
        this.stages = new StageRecorder(publisher, config.topics().generationStages(), serviceName,
                OperationsConfig.instanceIdOf(Env.system()), meters);
    }

    public TopicCatalog topics() {
        return config.topics();
    }

    public EventCodec codec() {
        return codec;
    }

    public EventPublisher publisher() {
        return publisher;
    }

    /** Times this service's stages for the generations' timelines. */
    public StageRecorder stages() {
        return stages;
    }

    /** A loop in the consumer group {@code groupId} (instances of a service share one group), to configure and start. */
    public LoopBuilder loop(String groupId, List<TopicSpec> topics) {
        String name = serviceName + "-" + groupId.replaceAll("^.*\\.", "") + "-" + loops.size();
        return new LoopBuilder(ConsumerLoopSettings.of(name, groupId, topics.stream().map(TopicSpec::name).toList()));
    }

    /** Settings of one loop before it starts. */
    public final class LoopBuilder {
        private ConsumerLoopSettings settings;
        private boolean failsGenerations;

        private LoopBuilder(ConsumerLoopSettings settings) {
            this.settings = settings;
        }

        public LoopBuilder maxPollRecords(int records) {
            settings = settings.withMaxPollRecords(records);
            return this;
        }

        /** Handles up to {@code handlers} records of different generations at once. */
        public LoopBuilder concurrency(int handlers) {
            settings = settings.withConcurrency(handlers);
            return this;
        }

        /**
         * For the stages that do a generation's work: a record given up fails its generation
         * ({@code generation.failed}) besides going to the dead-letter topic.
         */
        public LoopBuilder failingGenerationsOnGiveUp() {
            failsGenerations = true;
            return this;
        }

        public EventConsumerLoop start(EventHandler handler) {
            synchronized (ServiceKafka.this) {
                GiveUps giveUps = failsGenerations
                        ? GiveUps.failingGenerations(deadLetters, publisher, config.topics().generationOutcomes())
                        : GiveUps.deadLetterOnly(deadLetters);
                KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(config, settings.groupId(),
                        settings.name(), settings.maxPollRecords(), settings.maxPollInterval());
                bind(new KafkaClientMetrics(consumer));
                EventConsumerLoop loop = new EventConsumerLoop(settings, consumer, codec, handler, giveUps,
                        new ConsumerLoopMetrics(meters, settings.groupId().replaceAll("^.*\\.", "")), tracer);
                loops.add(loop);
                loop.stopped().whenComplete((ignored, error) -> {
                    if (error != null) {
                        failure.completeExceptionally(error);
                    }
                });
                return loop.start();
            }
        }
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(meters);
        clientMetrics.add(metrics);
    }

    /** Completes exceptionally when any loop of this service stopped on a fatal failure. */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        loops.forEach(EventConsumerLoop::requestStop);
        loops.forEach(EventConsumerLoop::close);
        loops.clear();
        publisher.close();
        clientMetrics.forEach(KafkaClientMetrics::close);
    }
}
