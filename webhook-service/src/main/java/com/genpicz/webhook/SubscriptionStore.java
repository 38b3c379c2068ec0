package com.genpicz.webhook;

import com.genpicz.common.batching.Batcher;
import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.db.SqlArrays;
import com.genpicz.common.failures.RetriableEventException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The webhook_subscriptions table, webhook-service's own record of who asked for a webhook. Consumer threads do not
 * each run a statement: what they ask while the previous batch runs goes together, one transaction for the new
 * subscriptions and one {@code generation_id = any(...)} query for the lookups, because per-record statements cost
 * more than the rest of a delivery together (bench/webhooks).
 */
final class SubscriptionStore implements AutoCloseable {

    private static final int MAX_BATCH = 256;
    private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Batcher<Subscription, Boolean> writes;
    private final Batcher<String, Optional<Subscription>> reads;

    SubscriptionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writes = new Batcher<>("webhook-subscriptions-writes", MAX_BATCH, MAX_QUEUE_WAIT,
                RetriableEventException::new, this::addAll);
        this.reads = new Batcher<>("webhook-subscriptions-reads", MAX_BATCH, MAX_QUEUE_WAIT,
                RetriableEventException::new, this::findAll);
    }

    /** Records the subscription once; a redelivered request changes nothing. */
    void add(Subscription subscription) {
        writes.submit(subscription);
    }

    Optional<Subscription> find(String generationId) {
        return reads.submit(generationId);
    }

    private List<Boolean> addAll(List<Subscription> subscriptions) {
        return DatabaseFailures.translate("subscribing " + subscriptions.size() + " generations", () ->
                jdbi.inTransaction(handle -> {
                    PreparedBatch batch = handle.prepareBatch("""
                            insert into webhook_subscriptions (generation_id, account_id, url, generation_created_at)
                            values (:generation, :account, :url, :created)
                            on conflict (generation_id) do nothing""");
                    for (Subscription subscription : subscriptions) {
                        batch.bind("generation", subscription.generationId())
                                .bind("account", subscription.accountId())
                                .bind("url", subscription.url())
                                .bind("created", subscription.generationCreatedAt())
                                .add();
                    }
                    int[] inserted = batch.execute();
                    return java.util.Arrays.stream(inserted).mapToObj(count -> count == 1).toList();
                }));
    }

    private List<Optional<Subscription>> findAll(List<String> generationIds) {
        Map<String, Subscription> found = new HashMap<>();
        DatabaseFailures.translate("reading " + generationIds.size() + " subscriptions", () ->
                jdbi.useHandle(handle -> handle.createQuery("""
                                select generation_id, account_id, url, generation_created_at from webhook_subscriptions
                                where generation_id = any(cast(:generations as text[]))""")
                        .bind("generations", SqlArrays.text(generationIds))
                        .map((rs, ctx) -> new Subscription(rs.getString("generation_id"), rs.getString("account_id"),
                                rs.getString("url"), rs.getTimestamp("generation_created_at").toInstant()))
                        .forEach(subscription -> found.put(subscription.generationId(), subscription))));
        return generationIds.stream().map(id -> Optional.ofNullable(found.get(id))).toList();
    }

    @Override
    public void close() {
        writes.close();
        reads.close();
    }
}
