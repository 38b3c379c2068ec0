package com.genpicz.webhook;

import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.db.SqlArrays;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhook_deliveries and webhook_attempts tables: what is queued, who holds it for how long, and every attempt
 * made. Several dispatchers share the queue through short leases: a lease is taken in one statement that also
 * counts the attempt and logs its start, so an attempt cut off by a crash is counted and shown, and a dead
 * instance's deliveries are due again as soon as its lease runs out.
 */
public final class DeliveryStore {

    private final Jdbi jdbi;

    public DeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A webhook to queue for a generation's first outcome. */
    record NewDelivery(String generationId, String accountId, String eventType, String url, byte[] payload,
                       Instant outcomeAt) {
    }

    /**
     * Queues a delivery once per generation, for its first outcome; a redelivered event, or a later outcome of
     * the same generation, queues nothing new.
     */
    public boolean enqueue(NewDelivery delivery) {
        return insert(delivery, "pending");
    }

    /** Records a first outcome that sends nothing (a deletion), so that no later outcome sends anything either. */
    public boolean suppress(NewDelivery delivery) {
        return insert(delivery, "suppressed");
    }

    private boolean insert(NewDelivery delivery, String status) {
        return DatabaseFailures.translate("queueing the webhook of " + delivery.generationId(), () ->
                jdbi.withHandle(handle -> handle.createUpdate("""
                                insert into webhook_deliveries (id, generation_id, account_id, event_type, url, host,
                                                                status, payload, created_at, next_attempt_at)
                                values (:id, :generation, :account, :type, :url, :host, :status, :payload, :at, now())
                                on conflict do nothing""")
                        .bind("id", Delivery.idFor(delivery.generationId(), delivery.eventType()))
                        .bind("generation", delivery.generationId())
                        .bind("account", delivery.accountId())
                        .bind("type", delivery.eventType())
                        .bind("url", delivery.url())
                        .bind("host", destinationOf(delivery.url()))
                        .bind("status", status)
                        .bind("payload", status.equals("pending") ? delivery.payload() : new byte[0])
                        .bind("at", delivery.outcomeAt())
                        .execute() == 1));
    }

    /**
     * Leases due deliveries: at most {@code limit}, none of a destination in {@code full}, and no more of one
     * destination than {@code freeSlots} says it has room for. Each lease counts an attempt and logs its start.
     */
    List<Delivery> leaseDue(int limit, Collection<String> full, ToIntFunction<String> freeSlots, int perDestination,
                            Duration lease) {
        return DatabaseFailures.translate("leasing due webhooks", () -> jdbi.inTransaction(handle -> {
            List<String> ids = pick(handle, limit, full, freeSlots, perDestination);
            if (ids.isEmpty()) {
                return List.of();
            }
            return handle.createQuery("""
                            with leased as (
                                update webhook_deliveries set leased_until = now() + make_interval(secs => :lease),
                                       attempts = attempts + 1
                                where id = any(cast(:ids as text[])) and status = 'pending'
                                  and next_attempt_at <= now() and (leased_until is null or leased_until < now())
                                returning id, generation_id, account_id, event_type, url, host, payload, attempts,
                                          created_at),
                            logged as (
                                insert into webhook_attempts (delivery_id, attempt, started_at)
                                select id, attempts, now() from leased)
                            select * from leased""")
                    .bind("lease", (double) lease.toMillis() / 1000)
                    .bind("ids", SqlArrays.text(ids))
                    .map((rs, ctx) -> new Delivery(rs.getString("id"), rs.getString("generation_id"),
                            rs.getString("account_id"), rs.getString("event_type"), rs.getString("url"),
                            rs.getString("host"), rs.getBytes("payload"), rs.getInt("attempts"),
                            rs.getTimestamp("created_at").toInstant()))
                    .list();
        }));
    }

    /** Due deliveries by destination, each destination's oldest first, trimmed to the room each one has. */
    private static List<String> pick(Handle handle, int limit, Collection<String> full, ToIntFunction<String> freeSlots,
                                     int perDestination) {
        List<String[]> candidates = handle.createQuery("""
                        select id, host from (
                            select id, host, next_attempt_at,
                                   row_number() over (partition by host order by next_attempt_at) as place
                            from webhook_deliveries
                            where status = 'pending' and next_attempt_at <= now()
                              and (leased_until is null or leased_until < now())
                              and host <> all(cast(:full as text[]))) due
                        where place <= :perDestination
                        order by next_attempt_at
                        limit :limit""")
                .bind("full", SqlArrays.text(List.copyOf(full)))
                .bind("perDestination", perDestination)
                .bind("limit", limit + full.size() * perDestination)
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("host")})
                .list();
        Map<String, Integer> taken = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String[] candidate : candidates) {
            int already = taken.getOrDefault(candidate[1], 0);
            if (ids.size() < limit && already < freeSlots.applyAsInt(candidate[1])) {
                ids.add(candidate[0]);
                taken.put(candidate[1], already + 1);
            }
        }
        return ids;
    }

    /** The receiver accepted it. Wins over whatever another instance decides about the same delivery later. */
    void delivered(Delivery delivery, int status, long latencyMillis) {
        finish(delivery, "delivered", status, null, latencyMillis, null, """
                update webhook_deliveries set status = 'delivered', last_status = :status, last_error = null,
                       delivered_at = now(), leased_until = null
                where id = :id and status = 'pending'""");
    }

    /** It failed; try again at {@code retryAt}. */
    void retryLater(Delivery delivery, Integer status, String error, long latencyMillis, Instant retryAt) {
        finish(delivery, "retry", status, error, latencyMillis, retryAt, """
                update webhook_deliveries set next_attempt_at = :next, leased_until = null, last_status = :status,
                       last_error = :error
                where id = :id and status = 'pending' and attempts = :attempt""");
    }

    /** No more attempts: {@code outcome} is {@code failed} (the last one failed) or {@code gone} (410). */
    void failed(Delivery delivery, String outcome, Integer status, String error, long latencyMillis) {
        finish(delivery, outcome, status, error, latencyMillis, null, """
                update webhook_deliveries set status = 'failed', leased_until = null, last_status = :status,
                       last_error = :error
                where id = :id and status = 'pending' and attempts = :attempt""");
    }

    /** Nothing was sent (the signing secret could not be read): the attempt did not happen, try again soon. */
    void unsent(Delivery delivery, Instant retryAt) {
        DatabaseFailures.translate("returning the webhook " + delivery.id(), () -> jdbi.useTransaction(handle -> {
            handle.createUpdate("""
                            update webhook_deliveries set attempts = attempts - 1, leased_until = null,
                                   next_attempt_at = :next
                            where id = :id and status = 'pending' and attempts = :attempt""")
                    .bind("next", retryAt).bind("id", delivery.id()).bind("attempt", delivery.attempt()).execute();
            handle.createUpdate("delete from webhook_attempts where delivery_id = :id and attempt = :attempt")
                    .bind("id", delivery.id()).bind("attempt", delivery.attempt()).execute();
        }));
    }

    private void finish(Delivery delivery, String outcome, Integer status, String error, long latencyMillis,
                        Instant retryAt, String update) {
        String shortError = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        DatabaseFailures.translate("recording the webhook " + delivery.id(), () -> jdbi.useTransaction(handle -> {
            handle.createUpdate(update)
                    .bind("status", status).bind("error", shortError).bind("next", retryAt)
                    .bind("id", delivery.id()).bind("attempt", delivery.attempt())
                    .execute();
            handle.createUpdate("""
                            update webhook_attempts set finished_at = now(), status_code = :status,
                                   latency_ms = :latency, error = :error, outcome = :outcome, next_attempt_at = :next
                            where delivery_id = :id and attempt = :attempt""")
                    .bind("status", status).bind("latency", (int) Math.min(Integer.MAX_VALUE, latencyMillis))
                    .bind("error", shortError).bind("outcome", outcome).bind("next", retryAt)
                    .bind("id", delivery.id()).bind("attempt", delivery.attempt())
                    .execute();
        }));
    }

    /** Due deliveries not leased by anyone: the backlog. */
    long dueBacklog() {
        return DatabaseFailures.translate("counting due webhooks", () -> jdbi.withHandle(handle -> handle.createQuery("""
                        select count(*) from webhook_deliveries where status = 'pending' and next_attempt_at <= now()
                          and (leased_until is null or leased_until < now())""").mapTo(Long.class).one()));
    }

    /** A delivery and its attempts, as the delivery log shows them. */
    record Logged(String id, String eventType, String url, String status, int attempts, Instant createdAt,
                  Instant nextAttemptAt, Instant deliveredAt, List<Attempt> log) {
    }

    /** One attempt: {@code outcome} null and {@code finishedAt} null when it was cut off (its sender died). */
    record Attempt(int attempt, Instant startedAt, Instant finishedAt, Integer statusCode, Integer latencyMs,
                   String error, String outcome, Instant nextAttemptAt) {
    }

    /** The account's deliveries of one generation, with every attempt. */
    List<Logged> log(String accountId, String generationId) {
        return DatabaseFailures.translate("reading the delivery log", () -> jdbi.withHandle(handle -> {
            List<Logged> deliveries = handle.createQuery("""
                            select id, event_type, url, status, attempts, created_at, next_attempt_at, delivered_at
                            from webhook_deliveries
                            where generation_id = :generation and account_id = :account and status <> 'suppressed'
                            order by created_at""")
                    .bind("generation", generationId).bind("account", accountId)
                    .map((rs, ctx) -> new Logged(rs.getString("id"), rs.getString("event_type"), rs.getString("url"),
                            rs.getString("status"), rs.getInt("attempts"), instant(rs, "created_at"),
                            rs.getString("status").equals("pending") ? instant(rs, "next_attempt_at") : null,
                            instant(rs, "delivered_at"), attempts(handle, rs.getString("id"))))
                    .list();
            return deliveries;
        }));
    }

    private static List<Attempt> attempts(Handle handle, String deliveryId) {
        return handle.createQuery("select * from webhook_attempts where delivery_id = :id order by attempt")
                .bind("id", deliveryId)
                .map((rs, ctx) -> new Attempt(rs.getInt("attempt"), instant(rs, "started_at"),
                        instant(rs, "finished_at"), (Integer) rs.getObject("status_code"),
                        (Integer) rs.getObject("latency_ms"), rs.getString("error"), rs.getString("outcome"),
                        instant(rs, "next_attempt_at")))
                .list();
    }

    /**
     * Queues a delivered or failed delivery of the account's generation once more, now; one already pending stays
     * as it is. Empty when the account has no such delivery.
     */
    Optional<Logged> redeliver(String accountId, String generationId, String deliveryId) {
        int found = DatabaseFailures.translate("redelivering " + deliveryId, () -> jdbi.withHandle(handle ->
                handle.createQuery("""
                                with requeued as (
                                    update webhook_deliveries set status = 'pending', next_attempt_at = now(),
                                           leased_until = null
                                    where id = :id and generation_id = :generation and account_id = :account
                                      and status in ('delivered', 'failed')
                                    returning id)
                                select count(*) from webhook_deliveries
                                where id = :id and generation_id = :generation and account_id = :account
                                  and status <> 'suppressed'""")
                        .bind("id", deliveryId).bind("generation", generationId).bind("account", accountId)
                        .mapTo(Integer.class).one()));
        if (found == 0) {
            return Optional.empty();
        }
        return log(accountId, generationId).stream().filter(logged -> logged.id().equals(deliveryId)).findFirst();
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** What concurrency is bounded per: scheme, host and port of the URL, as a lower-case authority. */
    static String destinationOf(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
            return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return url.toLowerCase(Locale.ROOT);
        }
    }
}
