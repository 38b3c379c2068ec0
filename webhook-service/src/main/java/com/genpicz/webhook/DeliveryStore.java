package com.genpicz.webhook;

import com.genpicz.common.batching.Batcher;
import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.db.SqlArrays;
import com.genpicz.common.failures.RetriableEventException;
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
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The webhook_deliveries and webhook_attempts tables: what is queued, who holds it for how long, and every attempt
 * made. Several dispatchers share the queue through short leases: a lease is taken in one statement that also
 * counts the attempt and logs its start, so an attempt cut off by a crash is counted and shown, and a dead
 * instance's deliveries are due again as soon as its lease runs out.
 */
public final class DeliveryStore implements AutoCloseable {

    private static final int MAX_BATCH = 256;

    private final Jdbi jdbi;
    private final Batcher<LeasedInsert, Optional<Delivery>> leasedInserts;

    public DeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.leasedInserts = new Batcher<>("webhook-deliveries-queue", MAX_BATCH, Duration.ofSeconds(5),
                RetriableEventException::new, this::enqueueLeasedAll);
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

    /**
     * Queues a delivery already leased to the caller for its first attempt, counted and logged — the fast path,
     * which sends at once instead of waiting for a lease query. Empty when it was queued before (a redelivered
     * event): then nothing is to be sent from here. Deliveries queued by several consumer threads at once go in one
     * transaction (one commit, one WAL flush): a statement and a commit per webhook took nearly half of a worker's
     * time (bench/webhooks, JFR).
     */
    Optional<Delivery> enqueueLeased(NewDelivery delivery, Duration lease) {
        return leasedInserts.submit(new LeasedInsert(delivery, lease));
    }

    private record LeasedInsert(NewDelivery delivery, Duration lease) {
    }

    private List<Optional<Delivery>> enqueueLeasedAll(List<LeasedInsert> inserts) {
        int[] queued = DatabaseFailures.translate("queueing " + inserts.size() + " webhooks", () ->
                jdbi.inTransaction(handle -> {
                    // The statement's count is the attempt-log rows it inserted: 1 for a new delivery, 0 for one
                    // queued before.
                    PreparedBatch batch = handle.prepareBatch("""
                            with queued as (
                                insert into webhook_deliveries (id, generation_id, account_id, event_type, url, host,
                                                                status, payload, created_at, next_attempt_at, attempts,
                                                                leased_until)
                                values (:id, :generation, :account, :type, :url, :host, 'pending', :payload, :at,
                                        now(), 1, now() + make_interval(secs => :lease))
                                on conflict do nothing
                                returning id)
                            insert into webhook_attempts (delivery_id, attempt, started_at)
                            select id, 1, now() from queued""");
                    for (LeasedInsert insert : inserts) {
                        NewDelivery delivery = insert.delivery();
                        batch.bind("id", Delivery.idFor(delivery.generationId(), delivery.eventType()))
                                .bind("generation", delivery.generationId())
                                .bind("account", delivery.accountId())
                                .bind("type", delivery.eventType())
                                .bind("url", delivery.url())
                                .bind("host", destinationOf(delivery.url()))
                                .bind("payload", delivery.payload())
                                .bind("at", delivery.outcomeAt())
                                .bind("lease", (double) insert.lease().toMillis() / 1000)
                                .add();
                    }
                    return batch.execute();
                }));
        List<Optional<Delivery>> results = new ArrayList<>(inserts.size());
        for (int i = 0; i < inserts.size(); i++) {
            NewDelivery delivery = inserts.get(i).delivery();
            results.add(queued[i] == 0 ? Optional.empty() : Optional.of(new Delivery(
                    Delivery.idFor(delivery.generationId(), delivery.eventType()), delivery.generationId(),
                    delivery.accountId(), delivery.eventType(), delivery.url(), destinationOf(delivery.url()),
                    delivery.payload(), 1, delivery.outcomeAt())));
        }
        return results;
    }

    /** Stops queueing leased deliveries; one still waiting for its batch is refused (its event is retried). */
    @Override
    public void close() {
        leasedInserts.close();
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
        // The oldest due deliveries of destinations with room, at most a few times what can be taken: the scan
        // stays bounded however long the backlog (of a hanging destination, say) grows.
        List<String[]> candidates = handle.createQuery("""
                        select id, host from (
                            select id, host, next_attempt_at,
                                   row_number() over (partition by host order by next_attempt_at) as place
                            from (select id, host, next_attempt_at from webhook_deliveries
                                  where status = 'pending' and next_attempt_at <= now()
                                    and (leased_until is null or leased_until < now())
                                    and host <> all(cast(:full as text[]))
                                  order by next_attempt_at
                                  limit :scan) oldest) due
                        where place <= :perDestination
                        order by next_attempt_at
                        limit :limit""")
                .bind("full", SqlArrays.text(List.copyOf(full)))
                .bind("perDestination", perDestination)
                .bind("scan", Math.max(4 * limit, 64))
                .bind("limit", limit)
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

    /** How an attempt ended, and what it means for its delivery. */
    enum Outcome {
        /** The receiver accepted it; this wins over whatever another instance decides about it later. */
        DELIVERED("delivered", """
                update webhook_deliveries set status = 'delivered', last_status = :status, last_error = null,
                       delivered_at = now(), leased_until = null
                where id = :id and status = 'pending'"""),
        /** It failed and is tried again at the result's {@code retryAt}. */
        RETRY("retry", """
                update webhook_deliveries set next_attempt_at = :next, leased_until = null, last_status = :status,
                       last_error = :error
                where id = :id and status = 'pending' and attempts = :attempt"""),
        /** The last attempt failed: the delivery is failed and kept. */
        FAILED("failed", Outcome.GIVE_UP),
        /** The receiver answered 410 Gone: not tried again. */
        GONE("gone", Outcome.GIVE_UP);

        private static final String GIVE_UP = """
                update webhook_deliveries set status = 'failed', leased_until = null, last_status = :status,
                       last_error = :error
                where id = :id and status = 'pending' and attempts = :attempt""";

        private final String label;
        private final String update;

        Outcome(String label, String update) {
            this.label = label;
            this.update = update;
        }

        /** The name in the attempt log and in the metrics. */
        String label() {
            return label;
        }
    }

    /** The end of one attempt: its outcome, the receiver's status if it answered, and when to retry. */
    record Result(Delivery delivery, Outcome outcome, Integer status, String error, long latencyMillis,
                  Instant retryAt) {
    }

    /**
     * Records finished attempts, many in one transaction: each delivery's new state and its attempt's entry in the
     * log. A result that lost to another instance's (the delivery was delivered meanwhile) changes nothing.
     */
    void record(List<Result> results) {
        DatabaseFailures.translate("recording " + results.size() + " webhook attempts", () -> jdbi.useTransaction(handle -> {
            Map<Outcome, PreparedBatch> updates = new java.util.EnumMap<>(Outcome.class);
            PreparedBatch attempts = handle.prepareBatch("""
                    update webhook_attempts set finished_at = now(), status_code = :status, latency_ms = :latency,
                           error = :error, outcome = :outcome, next_attempt_at = :next
                    where delivery_id = :id and attempt = :attempt""");
            for (Result result : results) {
                String error = result.error() == null || result.error().length() <= 500 ? result.error()
                        : result.error().substring(0, 500);
                updates.computeIfAbsent(result.outcome(), outcome -> handle.prepareBatch(outcome.update))
                        .bind("status", result.status()).bind("error", error).bind("next", result.retryAt())
                        .bind("id", result.delivery().id()).bind("attempt", result.delivery().attempt())
                        .add();
                attempts.bind("status", result.status())
                        .bind("latency", (int) Math.min(Integer.MAX_VALUE, result.latencyMillis()))
                        .bind("error", error).bind("outcome", result.outcome().label()).bind("next", result.retryAt())
                        .bind("id", result.delivery().id()).bind("attempt", result.delivery().attempt())
                        .add();
            }
            updates.values().forEach(PreparedBatch::execute);
            attempts.execute();
        }));
    }

    /**
     * The leased attempt was not made (the signing secret could not be read, or no slot was free after all): it
     * is not counted, and the delivery is due again at {@code retryAt}.
     */
    void unattempted(Delivery delivery, Instant retryAt) {
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
