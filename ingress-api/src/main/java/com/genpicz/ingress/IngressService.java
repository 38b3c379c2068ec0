package com.genpicz.ingress;

import com.genpicz.common.db.Database;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.ServiceKafka;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.CreditBalances;
import com.genpicz.ingress.auth.ApiKeyAuthenticator;
import com.genpicz.ingress.generations.CompletionWaiter;
import com.genpicz.ingress.generations.GenerateRequestParser;
import com.genpicz.ingress.generations.GenerationService;
import com.genpicz.ingress.generations.GenerationStore;
import com.genpicz.ingress.generations.OutboxRelay;
import com.genpicz.ingress.generations.StatusProjector;
import com.genpicz.ingress.http.ApiServer;
import com.genpicz.ingress.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Wires ingress-api: the HTTP server, the outbox relay, the status projection and the completion waiter. */
public final class IngressService implements RunningService {

    public static final String STATUS_GROUP = "genpicz.ingress-status";

    private final Database database;
    private final ServiceKafka kafka;
    private final KafkaProducer<String, byte[]> relayProducer;
    private final OutboxRelay relay;
    private final CompletionWaiter waiter;
    private final ApiServer server;
    private final AccountStore accounts;

    private IngressService(Database database, ServiceKafka kafka, KafkaProducer<String, byte[]> relayProducer,
                           OutboxRelay relay, CompletionWaiter waiter, ApiServer server, AccountStore accounts) {
        this.database = database;
        this.kafka = kafka;
        this.relayProducer = relayProducer;
        this.relay = relay;
        this.waiter = waiter;
        this.server = server;
        this.accounts = accounts;
    }

    public static IngressService start(IngressConfig config) {
        Database database = Database.connect(config.database(), "ingress").migrate();
        ServiceKafka kafka = new ServiceKafka(config.kafka(), "ingress-api");
        TopicCatalog topics = kafka.topics();
        GenerationStore store = new GenerationStore(database.jdbi());
        kafka.startLoop(STATUS_GROUP, List.of(topics.generationAuthorized(), topics.generationOutcomes()), 200,
                new StatusProjector(store, topics, kafka.codec()));
        KafkaProducer<String, byte[]> relayProducer = KafkaClients.producer(config.kafka(), "ingress-outbox-relay");
        OutboxRelay relay = new OutboxRelay(database.jdbi(), relayProducer).start();
        CompletionWaiter waiter = new CompletionWaiter(config.kafka(), topics.generationOutcomes(), kafka.codec()).start();
        AccountStore accounts = new AccountStore(database.jdbi());
        GenerationService generations = new GenerationService(store, new CreditBalances(database.jdbi()), relay,
                waiter, topics, kafka.codec(), config.syncWait());
        ApiServer server = new ApiServer(new ApiServer.Parts(new ApiKeyAuthenticator(database.jdbi()),
                new RateLimiter(database.jdbi(), Clock.systemUTC()),
                new GenerateRequestParser(new WebhookUrlPolicy(config.production())),
                generations, store, accounts, relay, config.adminToken(), config.syncWait(),
                new ApiServer.Listen(config.host(), config.port(), config.httpsPort(), config.tls(),
                        config.trustedProxies(), config.allowPlainHttp())))
                .start();
        return new IngressService(database, kafka, relayProducer, relay, waiter, server, accounts);
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

    @Override
    public CompletableFuture<Void> failure() {
        return kafka.failure();
    }

    @Override
    public void close() {
        server.close();
        waiter.close();
        relay.close();
        relayProducer.close();
        kafka.close();
        database.close();
    }
}
