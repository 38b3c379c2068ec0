package com.genpicz.accounting;

import com.genpicz.accounting.usage.UsageProjection;
import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.KafkaReadiness;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.operations.Operations;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.lifecycle.RunningService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs accounting: debits requested generations, settles (refunds or keeps) each on its first outcome, and keeps
 * the usage projection ({@code usage.v1}) over the same events.
 */
public final class AccountingService implements RunningService {

    /** Generations debited at once; each holds a pooled connection for its short transaction. */
    private static final int ACCOUNTING_CONCURRENCY = 4;

    private final Operations operations;
    private final ServiceKafka kafka;
    private final Database database;
    private final UsageProjection usage;
    private final AccountingApi api;

    private AccountingService(Operations operations, ServiceKafka kafka, Database database, UsageProjection usage,
                              AccountingApi api) {
        this.operations = operations;
        this.kafka = kafka;
        this.database = database;
        this.usage = usage;
        this.api = api;
    }

    public static AccountingService start(AccountingConfig config) {
        Operations operations = Operations.start("accounting-service", config.operations());
        List<AutoCloseable> started = new ArrayList<>(List.of(operations));
        try {
            Database database = Database.connect(config.database(), "accounting").migrateIfAsked();
            started.add(0, database);
            operations.readiness().add("database", database.readinessCheck())
                    .add("kafka", new KafkaReadiness(config.kafka()));
            ServiceKafka kafka = new ServiceKafka(config.kafka(), "accounting-service", operations.meters(),
                    operations.tracer());
            started.add(0, kafka);
            TopicCatalog topics = kafka.topics();
            AccountingHandler handler = new AccountingHandler(new CreditLedger(database.jdbi()), kafka.publisher(),
                    topics, new AccountingMetrics(operations.meters()), kafka.stages());
            // Debits are the stage's work: one given up fails its generation. Outcomes are only settled.
            kafka.loop(topics.consumerGroup("accounting"), List.of(topics.generationRequested()))
                    .concurrency(ACCOUNTING_CONCURRENCY).maxPollRecords(100).failingGenerationsOnGiveUp()
                    .start(handler);
            kafka.loop(topics.consumerGroup("accounting-outcomes"), List.of(topics.generationOutcomes()))
                    .concurrency(ACCOUNTING_CONCURRENCY).maxPollRecords(100).start(handler);
            UsageProjection usage = UsageProjection.start(config.kafka(), config.usageStateDirectory(),
                    operations.meters());
            started.add(0, usage);
            operations.readiness().add("usage-projection", usage.readinessCheck());
            AccountingApi api = new AccountingApi(new CreditGrants(database.jdbi()), config.internalToken(),
                    config.apiPort());
            AccountingService service = new AccountingService(operations, kafka, database, usage, api);
            operations.running(service.failure());
            return service;
        } catch (RuntimeException e) {
            // A port in use or a broker away: what started already must not keep running behind the error.
            closeQuietly(started, e);
            throw e;
        }
    }

    private static void closeQuietly(List<AutoCloseable> started, RuntimeException cause) {
        for (AutoCloseable part : started) {
            try {
                part.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    }

    @Override
    public CompletableFuture<Void> failure() {
        return CompletableFuture.anyOf(kafka.failure(), usage.failure()).thenApply(ignored -> null);
    }

    /** The internal API's port (credit grants, {@code /healthz}). */
    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        operations.stopping();
        api.close();
        usage.close();
        kafka.close();
        database.close();
        operations.close();
    }

    /** The operations port ({@code /metrics}, {@code /livez}, {@code /readyz}). */
    @Override
    public int operationsPort() {
        return operations.port();
    }
}
