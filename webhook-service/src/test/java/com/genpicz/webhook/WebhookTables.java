package com.genpicz.webhook;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.DatabaseCoordinates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** webhook-service's own tables as the tests set them up and read them back. */
final class WebhookTables {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OLD_SECRET = "whsec_OldOldOldOldOldOldOldOldOldOld12";

    private final Jdbi jdbi;

    WebhookTables(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static Database migratedDatabase(DatabaseCoordinates coordinates) {
        return Database.connect(config(coordinates), "webhook-test").migrate();
    }

    static DatabaseConfig config(DatabaseCoordinates coordinates) {
        return new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 8);
    }

    /** A generation that asked for a webhook to {@code url}: its subscription, as a request event would record it. */
    Subscription subscribed(String url, Instant createdAt) {
        Subscription subscription = new Subscription(Identifiers.generationId(), Identifiers.accountId(), url, createdAt);
        try (SubscriptionStore store = new SubscriptionStore(jdbi)) {
            store.add(subscription);
        }
        return subscription;
    }

    /** status, attempts, last_status and last_error of the generation's delivery; empty when none is queued. */
    Map<String, Object> delivery(String generationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select status, attempts, last_status, last_error from webhook_deliveries
                        where generation_id = :generation""")
                .bind("generation", generationId)
                .mapToMap()
                .findOne()
                .orElse(Map.of()));
    }

    int deliveryCount(String generationId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select count(*) from webhook_deliveries where generation_id = :generation")
                .bind("generation", generationId).mapTo(Integer.class).one());
    }

    /** The outcome of each logged attempt in order; null for one that was cut off. */
    List<String> attemptOutcomes(String generationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select a.outcome from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id
                        where d.generation_id = :generation order by a.attempt""")
                .bind("generation", generationId).mapTo(String.class).list());
    }
}
