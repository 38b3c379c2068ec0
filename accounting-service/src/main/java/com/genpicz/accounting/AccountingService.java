package com.genpicz.accounting;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.lifecycle.RunningService;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs accounting: one consumer group over requested generations (debit) and outcomes (refund). */
public final class AccountingService implements RunningService {

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
        kafka.startLoop(topics.consumerGroup("accounting"),
                List.of(topics.generationRequested(), topics.generationOutcomes()), 100, handler);
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
