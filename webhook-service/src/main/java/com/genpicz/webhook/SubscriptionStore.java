package com.genpicz.webhook;

import com.genpicz.common.db.DatabaseFailures;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The webhook_subscriptions table, webhook-service's own record of who asked for a webhook. */
final class SubscriptionStore {

    private final Jdbi jdbi;

    SubscriptionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records the subscription once; a redelivered request changes nothing. */
    void add(Subscription subscription) {
        DatabaseFailures.translate("subscribing " + subscription.generationId(), () -> jdbi.useHandle(handle ->
                handle.createUpdate("""
                                insert into webhook_subscriptions (generation_id, account_id, url, generation_created_at)
                                values (:generation, :account, :url, :created)
                                on conflict (generation_id) do nothing""")
                        .bind("generation", subscription.generationId())
                        .bind("account", subscription.accountId())
                        .bind("url", subscription.url())
                        .bind("created", subscription.generationCreatedAt())
                        .execute()));
    }

    Optional<Subscription> find(String generationId) {
        return DatabaseFailures.translate("reading the subscription of " + generationId, () ->
                jdbi.withHandle(handle -> handle.createQuery("""
                                select generation_id, account_id, url, generation_created_at from webhook_subscriptions
                                where generation_id = :generation""")
                        .bind("generation", generationId)
                        .map((rs, ctx) -> new Subscription(rs.getString("generation_id"), rs.getString("account_id"),
                                rs.getString("url"), rs.getTimestamp("generation_created_at").toInstant()))
                        .findOne()));
    }
}
