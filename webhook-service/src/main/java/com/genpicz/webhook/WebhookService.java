package com.genpicz.webhook;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs webhooks: a consumer that queues deliveries and a dispatcher that sends them. */
public final class WebhookService implements RunningService {

    private final ServiceKafka kafka;
    private final DeliveryDispatcher dispatcher;
    private final Database database;

    private WebhookService(ServiceKafka kafka, DeliveryDispatcher dispatcher, Database database) {
        this.kafka = kafka;
        this.dispatcher = dispatcher;
        this.database = database;
    }

    public static WebhookService start(WebhookConfig config) {
        Database database = Database.connect(config.database(), "webhooks").migrate();
        DeliveryStore store = new DeliveryStore(database.jdbi());
        DeliveryDispatcher dispatcher =
                new DeliveryDispatcher(store, new WebhookUrlPolicy(config.production()), config).start();
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "webhook-service");
        kafka.loop(kafka.topics().consumerGroup("webhooks"), List.of(kafka.topics().generationOutcomes()))
                .concurrency(4).maxPollRecords(100).start(new OutcomeHandler(store, dispatcher::wake));
        return new WebhookService(kafka, dispatcher, database);
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        kafka.close();
        dispatcher.close();
        database.close();
    }
}
