package com.genpicz.webhook;

import com.genpicz.common.db.DatabaseFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The webhook_deliveries table: what is queued, leased by a dispatcher, delivered or abandoned. */
public final class DeliveryStore {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private final Jdbi jdbi;

    public DeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Queues a delivery once per generation, for its first outcome; a redelivered event, or a later outcome of
     * the same generation, queues nothing new.
     */
    public boolean enqueue(String generationId, String eventType, String url, byte[] payload) {
        return insert(generationId, eventType, url, "pending", payload);
    }

    /** Records a first outcome that sends nothing, so that no later outcome of the generation sends anything. */
    public boolean suppress(String generationId, String eventType, String url) {
        return insert(generationId, eventType, url, "suppressed", new byte[0]);
    }

    private boolean insert(String generationId, String eventType, String url, String status, byte[] payload) {
        return DatabaseFailures.translate("queueing the webhook of " + generationId, () ->
                jdbi.withHandle(handle -> handle.createUpdate("""
                                insert into webhook_deliveries (generation_id, event_type, url, status, payload)
                                values (:generation, :type, :url, :status, :payload)
                                on conflict do nothing""")
                        .bind("generation", generationId)
                        .bind("type", eventType)
                        .bind("url", url)
                        .bind("status", status)
                        .bind("payload", payload)
                        .execute() == 1));
    }

    /** Leases due deliveries: other dispatchers skip them until the lease ends or the result is recorded. */
    public List<Delivery> leaseDue(int limit) {
        return jdbi.inTransaction(handle -> handle.createQuery("""
                        update webhook_deliveries d set next_attempt_at = now() + make_interval(secs => :lease)
                        from generations g join accounts a on a.id = g.account_id
                        where g.id = d.generation_id and (d.generation_id, d.event_type) in (
                            select generation_id, event_type from webhook_deliveries
                            where status = 'pending' and next_attempt_at <= now()
                            order by next_attempt_at limit :limit for update skip locked)
                        returning d.generation_id, d.event_type, d.url, d.payload, d.attempts, a.webhook_secret""")
                .bind("lease", (double) LEASE.toSeconds())
                .bind("limit", limit)
                .map((rs, ctx) -> new Delivery(rs.getString("generation_id"), rs.getString("event_type"),
                        rs.getString("url"), rs.getBytes("payload"), rs.getInt("attempts"),
                        rs.getString("webhook_secret")))
                .list());
    }

    public void markDelivered(Delivery delivery, int httpStatus) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update webhook_deliveries
                        set status = 'delivered', attempts = attempts + 1, last_status = :status,
                            last_error = null, delivered_at = now()
                        where generation_id = :generation and event_type = :type""")
                .bind("status", httpStatus)
                .bind("generation", delivery.generationId())
                .bind("type", delivery.eventType())
                .execute());
    }

    /** Records a failed attempt; {@code retryAt} null abandons the delivery. */
    public void markFailed(Delivery delivery, Integer httpStatus, String error, Instant retryAt) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                        update webhook_deliveries
                        set status = :state, attempts = attempts + 1, last_status = :status, last_error = :error,
                            next_attempt_at = coalesce(:retryAt, next_attempt_at)
                        where generation_id = :generation and event_type = :type""")
                .bind("state", retryAt == null ? "abandoned" : "pending")
                .bind("status", httpStatus)
                .bind("error", error)
                .bind("retryAt", retryAt)
                .bind("generation", delivery.generationId())
                .bind("type", delivery.eventType())
                .execute());
    }

    /** The creation time of a generation, which the webhook payload reports as the reference shows. */
    public Instant generationCreatedAt(String generationId) {
        return DatabaseFailures.translate("reading when " + generationId + " was created", () ->
                jdbi.withHandle(handle -> handle.createQuery("select created_at from generations where id = :id")
                        .bind("id", generationId)
                        .mapTo(Instant.class)
                        .findOne()
                        .orElse(null)));
    }
}
