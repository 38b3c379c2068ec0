package com.genpicz.accounting;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.lifecycle.RunningService;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs accounting: debits requested generations, and settles (refunds or keeps) each on its first outcome. */
public final class AccountingService implements RunningService {

    /** Generations debited at once; each holds a pooled connection for its short transaction. */
    private static final int ACCOUNTING_CONCURRENCY = 4;

    private final ServiceKafka kafka;
    private final Database database;

    private AccountingService(ServiceKafka kafka, Database database) {
        this.kafka = kafka;
        this.database = database;
    }

    public static AccountingService start(AccountingConfig config) {
        Database database = Database.connect(config.database(), "accounting").migrate();
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "accounting-service");
        TopicCatalog topics = kafka.topics();
        AccountingHandler handler = new AccountingHandler(new CreditLedger(database.jdbi()), kafka.publisher(), topics);
        // Debits are the stage's work: one given up fails its generation. Outcomes are only settled.
        kafka.loop(topics.consumerGroup("accounting"), List.of(topics.generationRequested()))
                .concurrency(ACCOUNTING_CONCURRENCY).maxPollRecords(100).failingGenerationsOnGiveUp().start(handler);
        kafka.loop(topics.consumerGroup("accounting-outcomes"), List.of(topics.generationOutcomes()))
                .concurrency(ACCOUNTING_CONCURRENCY).maxPollRecords(100).start(handler);
        return new AccountingService(kafka, database);
    }

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        kafka.close();
        database.close();
    }
}
