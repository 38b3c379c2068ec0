package com.genpicz.webhook;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.operations.Operations;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * Runs webhooks: a consumer that learns subscriptions from requests, one that queues deliveries from outcomes, the
 * dispatcher that sends them, the internal API with the delivery log, and the operations port.
 */
public final class WebhookService implements RunningService {

    private static final int HANDLERS = 32;

    private final Operations operations;
    private final ServiceKafka kafka;
    private final DeliveryDispatcher dispatcher;
    private final WebhookSender sender;
    private final WebhookApi api;
    private final ScheduledExecutorService backlogReader;
    private final List<AutoCloseable> stores;
    private final Database database;

    private WebhookService(Operations operations, ServiceKafka kafka, DeliveryDispatcher dispatcher,
                           WebhookSender sender, WebhookApi api, ScheduledExecutorService backlogReader,
                           List<AutoCloseable> stores, Database database) {
        this.operations = operations;
        this.kafka = kafka;
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.api = api;
        this.backlogReader = backlogReader;
        this.stores = stores;
        this.database = database;
    }

    public static WebhookService start(WebhookConfig config) {
        return start(config, null, null);
    }

    /** With the TLS settings (trusted certificates) that HTTPS receivers are checked against; null for the JDK's. */
    static WebhookService start(WebhookConfig config, SSLContext tls, X509TrustManager trust) {
        return start(config, tls, trust, new IngressSigningSecrets(config.ingressUrls(), config.internalToken()));
    }

    static WebhookService start(WebhookConfig config, SSLContext tls, X509TrustManager trust, SigningSecrets secrets) {
        return Operations.startFirst("webhook-service", config.operations(),
                operations -> start(config, tls, trust, secrets, operations));
    }

    private static WebhookService start(WebhookConfig config, SSLContext tls, X509TrustManager trust,
                                        SigningSecrets secrets, Operations operations) {
        Database database = Database.connect(config.database(), "webhooks").migrateIfAsked();
        operations.readiness().add("database", database.readinessCheck())
                .add("kafka", new KafkaReadiness(config.kafka()));
        DeliveryStore store = new DeliveryStore(database.jdbi());
        WebhookMetrics metrics = new WebhookMetrics(operations.meters());
        WebhookSender sender = new WebhookSender(new WebhookUrlPolicy(config.production()), config.requestTimeout(),
                config.concurrency(), config.perDestination(), tls, trust);
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "webhook-service", operations.meters(),
                operations.tracer());
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, secrets, sender,
                new RetrySchedule(config.retrySchedule()), metrics, config, kafka.stages()).start();
        ScheduledExecutorService backlogReader = watchBacklog(store, metrics);
        WebhookApi api = new WebhookApi(store, dispatcher::wake, config.internalToken(), config.apiPort());
        SubscriptionStore subscriptions = new SubscriptionStore(database.jdbi());
        // Many handlers at once, mostly waiting for their batch: the more records wait together, the fewer
        // statements and commits per record (the stores batch what their callers ask at the same time).
        kafka.loop(kafka.topics().consumerGroup("webhooks-subscriptions"), List.of(kafka.topics().generationRequested()))
                .concurrency(HANDLERS).maxPollRecords(256)
                .start(new SubscriptionHandler(subscriptions));
        kafka.loop(kafka.topics().consumerGroup("webhooks"), List.of(kafka.topics().generationOutcomes()))
                .concurrency(HANDLERS).maxPollRecords(256)
                .start(new OutcomeHandler(subscriptions, store, dispatcher::queue));
        WebhookService service = new WebhookService(operations, kafka, dispatcher, sender, api, backlogReader,
                List.of(subscriptions, store), database);
        operations.running(service.failure());
        return service;
    }

    /** The backlog gauge reads the table every few seconds rather than on every scrape. */
    private static ScheduledExecutorService watchBacklog(DeliveryStore store, WebhookMetrics metrics) {
        AtomicLong backlog = new AtomicLong();
        metrics.watchBacklog(backlog::get);
        ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "webhook-backlog");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(() -> {
            try {
                backlog.set(store.dueBacklog());
            } catch (RuntimeException e) {
                // The database is away; the gauge keeps its last value.
            }
        }, 0, 5, TimeUnit.SECONDS);
        reader.scheduleWithFixedDelay(metrics::refreshDestinations, 1, 1, TimeUnit.SECONDS);
        return reader;
    }

    /** The port of the internal API. */
    public int apiPort() {
        return api.port();
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
        dispatcher.close();
        api.close();
        sender.close();
        backlogReader.shutdownNow();
        for (AutoCloseable store : stores) {
            try {
                store.close();
            } catch (Exception e) {
                // Closing only stops batch threads; nothing is left to save.
            }
        }
        database.close();
        operations.close();
    }
}
