package com.genpicz.storage;

import com.genpicz.common.kafka.FailedGenerations;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs storage: one consumer group over rendered images and deletions. */
public final class StorageService implements RunningService {

    private final ServiceKafka kafka;
    private final ImageStore store;

    private final FailedGenerations failedGenerations;

    private StorageService(ServiceKafka kafka, ImageStore store, FailedGenerations failedGenerations) {
        this.kafka = kafka;
        this.store = store;
        this.failedGenerations = failedGenerations;
    }

    public static StorageService start(StorageConfig config) {
        ImageStore store = new ImageStore(config);
        store.ensureBucket();
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "storage-service");
        TopicCatalog topics = kafka.topics();
        FailedGenerations failed = new FailedGenerations(config.kafka(), topics.generationOutcomes(), kafka.codec(),
                config.failedLookback(), "storage-failed-generations").start();
        StorageHandler handler = new StorageHandler(store, kafka.publisher(), topics, config.publicBaseUrl(), failed);
        // Image records are up to 16 MiB each: poll few at a time; upload a few at once.
        kafka.loop(topics.consumerGroup("storage"), List.of(topics.imageRendered(), topics.generationDeleted()))
                .concurrency(4).maxPollRecords(8).failingGenerationsOnGiveUp().start(handler);
        return new StorageService(kafka, store, failed);
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        kafka.close();
        store.close();
        failedGenerations.close();
    }
}
