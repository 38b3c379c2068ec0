package com.genpicz.webhook;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.DatabaseCoordinates;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The rows the webhook service reads but does not own: an account (for its secret) and a generation (for its
 * creation time), inserted with plain SQL as ingress-api would; and a look at webhook_deliveries.
 */
final class WebhookTables {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Jdbi jdbi;

    WebhookTables(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static Database migratedDatabase(DatabaseCoordinates coordinates) {
        return Database.connect(new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 4),
                "webhook-test").migrate();
    }

    static DatabaseConfig config(DatabaseCoordinates coordinates) {
        return new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 4);
    }

    /** Inserts an account and one generation of it; returns the generation id. */
    String generation(Instant createdAt) {
        String account = Identifiers.accountId();
        String generation = Identifiers.generationId();
        jdbi.useHandle(handle -> {
            handle.execute("insert into accounts (id, email, plan, credits, webhook_secret) values (?, ?, 'pro', 10, ?)",
                    account, account + "@example.com", SECRET);
            handle.createUpdate("""
                            insert into generations (id, account_id, status, prompt, style, width, height, quality,
                                                     seed, upscale, credits_used, created_at)
                            values (:id, :account, 'processing', 'a fox', 'cinematic', 512, 512, 'standard',
                                    1, false, 1, :created)""")
                    .bind("id", generation)
                    .bind("account", account)
                    .bind("created", createdAt)
                    .execute();
        });
        return generation;
    }

    /** status, attempts, last_status and last_error of one delivery; empty when none is queued. */
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
}
