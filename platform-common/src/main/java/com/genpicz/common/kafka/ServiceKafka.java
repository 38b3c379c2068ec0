package com.genpicz.common.kafka;

import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private final List<EventConsumerLoop> loops = new ArrayList<>();
    private final CompletableFuture<Void> failure = new CompletableFuture<>();

    public ServiceKafka(KafkaConfig config, String serviceName) {
        this.config = config;
        this.serviceName = serviceName;
        // Every service makes sure the catalog's topics exist, so start-up order does not matter.
        TopicProvisioner.ensureTopics(config, config.topics().all());
        this.producer = KafkaClients.producer(config, serviceName);
        this.publisher = new EventPublisher(producer, codec);
        this.deadLetters = new DeadLetterPublisher(producer, config.topics().deadLetter());
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

    /** Starts a loop in the consumer group {@code groupId}; instances of a service share one group. */
    public synchronized EventConsumerLoop startLoop(
            String groupId, List<TopicSpec> topics, int maxPollRecords, EventHandler handler) {
        return startLoop(settings(groupId, topics).withMaxPollRecords(maxPollRecords), handler);
    }

    /** Starts a loop that handles up to {@code concurrency} records of a poll at once. */
    public synchronized EventConsumerLoop startConcurrentLoop(
            String groupId, List<TopicSpec> topics, int concurrency, EventHandler handler) {
        return startLoop(settings(groupId, topics).withConcurrency(concurrency), handler);
    }

    private ConsumerLoopSettings settings(String groupId, List<TopicSpec> topics) {
        String name = serviceName + "-" + groupId.replaceAll("^.*\\.", "") + "-" + loops.size();
        return ConsumerLoopSettings.of(name, groupId, topics.stream().map(TopicSpec::name).toList());
    }

    private EventConsumerLoop startLoop(ConsumerLoopSettings settings, EventHandler handler) {
        String name = settings.name();
        String groupId = settings.groupId();
        int maxPollRecords = settings.maxPollRecords();
        EventConsumerLoop loop = new EventConsumerLoop(settings,
                KafkaClients.consumer(config, groupId, name, maxPollRecords, settings.maxPollInterval()),
                codec, handler, deadLetters);
        loops.add(loop);
        loop.stopped().whenComplete((ignored, error) -> {
            if (error != null) {
                failure.completeExceptionally(error);
            }
        });
        return loop.start();
    }

    /** Completes exceptionally when any loop of this service stopped on a fatal failure. */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    @Override
    public synchronized void close() {
        loops.forEach(EventConsumerLoop::close);
        loops.clear();
        publisher.close();
    }
}
