package com.genpicz.storage;

import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.operations.Operations;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs storage: one consumer group over rendered images and deletions. */
public final class StorageService implements RunningService {

    private final Operations operations;
    private final ServiceKafka kafka;
    private final ImageStore store;
    private final FailedGenerations failedGenerations;

    private StorageService(Operations operations, ServiceKafka kafka, ImageStore store,
                           FailedGenerations failedGenerations) {
        this.operations = operations;
        this.kafka = kafka;
        this.store = store;
        this.failedGenerations = failedGenerations;
    }

    public static StorageService start(StorageConfig config) {
        return Operations.startFirst("storage-service", config.operations(),
                operations -> start(config, operations));
    }

    private static StorageService start(StorageConfig config, Operations operations) {
        ImageStore store = new ImageStore(config, operations.meters());
        store.ensureBucket();
        operations.readiness().add("s3", store.readinessCheck()).add("kafka", new KafkaReadiness(config.kafka()));
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "storage-service", operations.meters(),
                operations.tracer());
        TopicCatalog topics = kafka.topics();
        FailedGenerations failed = new FailedGenerations(config.kafka(), topics.generationOutcomes(), kafka.codec(),
                config.failedLookback(), "storage-failed-generations").start();
        StorageHandler handler = new StorageHandler(store, kafka.publisher(), topics, config.publicBaseUrl(), failed,
                kafka.stages());
        // Image records are up to 16 MiB each: poll few at a time; upload a few at once.
        kafka.loop(topics.consumerGroup("storage"), List.of(topics.imageRendered(), topics.generationDeleted()))
                .concurrency(4).maxPollRecords(8).failingGenerationsOnGiveUp().start(handler);
        StorageService service = new StorageService(operations, kafka, store, failed);
        operations.running(service.failure());
        return service;
    }

    /** The operations port ({@code /metrics}, {@code /livez}, {@code /readyz}). */
    @Override
    public int operationsPort() {
        return operations.port();
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        operations.stopping();
        kafka.close();
        store.close();
        failedGenerations.close();
        operations.close();
    }
}
