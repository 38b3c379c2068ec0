package com.genpicz.storage;

import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs storage: one consumer group over rendered images and deletions. */
public final class StorageService implements RunningService {

    private final ServiceKafka kafka;
    private final ImageStore store;

    private StorageService(ServiceKafka kafka, ImageStore store) {
        this.kafka = kafka;
        this.store = store;
    }

    public static StorageService start(StorageConfig config) {
        ImageStore store = new ImageStore(config);
        store.ensureBucket();
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "storage-service");
        TopicCatalog topics = kafka.topics();
        StorageHandler handler = new StorageHandler(store, kafka.publisher(), topics, config.publicBaseUrl());
        // Image records are up to 16 MiB each: poll few at a time.
        kafka.startLoop(topics.consumerGroup("storage"), List.of(topics.imageRendered(), topics.generationDeleted()), 8,
                handler);
        return new StorageService(kafka, store);
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        kafka.close();
        store.close();
    }
}
