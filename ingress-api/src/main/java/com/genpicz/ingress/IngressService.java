package com.genpicz.ingress;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.operations.Operations;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.auth.ApiKeyAuthenticator;
import com.genpicz.ingress.auth.CallerCache;
import com.genpicz.ingress.generations.CompletionWaiter;
import com.genpicz.ingress.usage.CreditUsageView;
import com.genpicz.ingress.accounts.AccountOpening;
import com.genpicz.ingress.accounts.AccountingClient;
import com.genpicz.ingress.generations.GenerateRequestParser;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.generations.GenerationSweeper;
import com.genpicz.ingress.generations.OutboxRelay;
import com.genpicz.ingress.generations.StatusProjector;
import com.genpicz.ingress.timeline.TimelineStore;
import com.genpicz.common.events.GenerationStageTimed;
import com.genpicz.ingress.http.ApiServer;
import com.genpicz.ingress.ratelimit.RateLimiter;
import com.genpicz.ingress.webhooks.WebhookDeliveriesClient;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Wires ingress-api: the HTTP server, the outbox relay, the status projection and the completion waiter. */
public final class IngressService implements RunningService {

    private final Operations operations;
    private final Database database;
    private final ServiceKafka kafka;
    private final KafkaProducer<String, byte[]> relayProducer;
    private final OutboxRelay relay;
    private final CompletionWaiter waiter;
    private final ApiServer server;
    private final AccountStore accounts;
    private final ScheduledExecutorService housekeeping;
    private final Database counters;
    private final RateLimiter rateLimiter;
    private final GenerationStore store;
    private final CreditUsageView creditUsage;
    private final AccountOpening opening;
    private final TimelineStore timelines;
    /** Handlers of the stages topic: many, so that the timeline store's batches fill (see TimelineStore). */
    private static final int TIMELINE_HANDLERS = 32;

    private IngressService(Operations operations, Database database, Database counters, RateLimiter rateLimiter, GenerationStore store,
                           ServiceKafka kafka, KafkaProducer<String, byte[]> relayProducer,
                           OutboxRelay relay, CompletionWaiter waiter, ApiServer server, AccountStore accounts,
                           ScheduledExecutorService housekeeping, CreditUsageView creditUsage,
                           AccountOpening opening, TimelineStore timelines) {
        this.timelines = timelines;
        this.operations = operations;
        this.housekeeping = housekeeping;
        this.opening = opening;
        this.creditUsage = creditUsage;
        this.counters = counters;
        this.rateLimiter = rateLimiter;
        this.store = store;
        this.database = database;
        this.kafka = kafka;
        this.relayProducer = relayProducer;
        this.relay = relay;
        this.waiter = waiter;
        this.server = server;
        this.accounts = accounts;
    }

    public static IngressService start(IngressConfig config) {
        return Operations.startFirst("ingress-api", config.operations(),
                operations -> start(config, operations));
    }

    private static IngressService start(IngressConfig config, Operations operations) {
        Database database = Database.connect(config.database(), "ingress").migrateIfAsked();
        operations.readiness().add("database", database.readinessCheck())
                .add("kafka", new KafkaReadiness(config.kafka()));
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "ingress-api", operations.meters(),
                operations.tracer());
        TopicCatalog topics = kafka.topics();
        GenerationStore store = new GenerationStore(database.jdbi());
        kafka.loop(topics.consumerGroup("ingress-status"),
                        List.of(topics.generationAuthorized(), topics.generationOutcomes()))
                .concurrency(4).maxPollRecords(200).start(new StatusProjector(store, topics, kafka.codec()));
        TimelineStore timelines = new TimelineStore(database.jdbi());
        kafka.loop(topics.consumerGroup("ingress-timelines"), List.of(topics.generationStages()))
                .concurrency(TIMELINE_HANDLERS).maxPollRecords(256).start(event -> {
                    if (event instanceof GenerationStageTimed timed) {
                        timelines.record(timed);
                    }
                });
        KafkaProducer<String, byte[]> relayProducer = KafkaClients.producer(config.kafka(), "ingress-outbox-relay");
        OutboxRelay relay = new OutboxRelay(database.jdbi(), relayProducer).start();
        CompletionWaiter waiter = new CompletionWaiter(config.kafka(), topics.generationOutcomes(), kafka.codec()).start();
        AccountStore accounts = new AccountStore(database.jdbi());
        CreditUsageView creditUsage = new CreditUsageView(config.kafka(), topics.usage()).start();
        AccountOpening opening = new AccountOpening(accounts,
                new AccountingClient(config.accountingServiceUrls(), config.internalToken()));
        GenerationService generations = new GenerationService(store, relay,
                waiter, topics, kafka.codec(), config.syncWait());
        Database counters = Database.connectForVolatileWrites(config.database(), "ingress-rate-limits");
        RateLimiter rateLimiter = new RateLimiter(counters.jdbi(), Clock.systemUTC());
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingress-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        CallerCache callers = new CallerCache(Clock.systemUTC(), config.authCacheTtl(), housekeeping);
        housekeeping.scheduleWithFixedDelay(() -> purgeQuietly(rateLimiter), 1, 1, TimeUnit.MINUTES);
        GenerationSweeper sweeper = new GenerationSweeper(store, relay, topics, kafka.codec(),
                config.generationTimeout(), Clock.systemUTC());
        housekeeping.scheduleWithFixedDelay(sweeper::sweepQuietly, config.sweepInterval().toMillis(),
                config.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
        ApiServer server = new ApiServer(new ApiServer.Parts(new ApiKeyAuthenticator(database.jdbi(), callers), callers,
                rateLimiter,
                new GenerateRequestParser(new WebhookUrlPolicy(config.production())),
                generations, store, accounts, relay, config.adminToken(), config.syncWait(),
                new ApiServer.Listen(config.host(), config.port(), config.httpsPort(), config.tls(),
                        config.trustedProxies(), config.allowPlainHttp()),
                new WebhookDeliveriesClient(config.webhookServiceUrls(), config.internalToken()),
                config.webhookSecretOverlap(), config.internalToken(), creditUsage, opening, operations.meters(),
                operations.tracer(), timelines))
                .start();
        IngressService service = new IngressService(operations, database, counters, rateLimiter, store, kafka,
                relayProducer, relay, waiter, server, accounts, housekeeping, creditUsage, opening,
                timelines);
        operations.running(service.failure());
        return service;
    }

    /** Old rate-limit windows are useless after their minute; a failed purge is retried a minute later. */
    private static void purgeQuietly(RateLimiter rateLimiter) {
        try {
            rateLimiter.purgeOldWindows();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(IngressService.class).warn("event=rate_limit_purge_failed reason=\"{}\"", e.toString());
        }
    }

    /** The routes the HTTP server registered, "METHOD /path". */
    public List<String> routes() {
        return server.routes();
    }

    /** The plain HTTP port. */
    public int port() {
        return server.port();
    }

    /** The HTTPS port, or -1 when TLS is not configured. */
    public int httpsPort() {
        return server.httpsPort();
    }

    public AccountStore accounts() {
        return accounts;
    }

    /** Opens accounts and grants credits through accounting, as the admin API does. */
    public AccountOpening accountOpening() {
        return opening;
    }

    @Override
    public CompletableFuture<Void> failure() {
        // The completion waiter and the credit usage view go stale when their readers stop: restart instead.
        return CompletableFuture.anyOf(kafka.failure(), waiter.failure(), creditUsage.failure())
                .thenApply(ignored -> null);
    }

    @Override
    public void close() {
        operations.stopping();
        housekeeping.shutdownNow();
        server.close();
        rateLimiter.close();
        store.close();
        waiter.close();
        creditUsage.close();
        relay.close();
        relayProducer.close();
        kafka.close();
        timelines.close();
        counters.close();
        database.close();
        operations.close();
    }

    /** The operations port ({@code /metrics}, {@code /livez}, {@code /readyz}). */
    @Override
    public int operationsPort() {
        return operations.port();
    }
}
