package com.genpicz.ingress.generations;

import com.genpicz.common.db.SqlArrays;
import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.batching.Batcher;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The generations table and the outbox rows written with it. Every read is scoped to one account. */
public final class GenerationStore implements AutoCloseable {

    private static final int MAX_BATCH = 256;

    private static final Comparator<NewGeneration> LOCK_ORDER = Comparator
            .comparing((NewGeneration item) -> item.generation().accountId())
            .thenComparing(NewGeneration::idempotencyKey, Comparator.nullsLast(Comparator.naturalOrder()));

    private final Jdbi jdbi;
    private final Batcher<NewGeneration, Result> batcher;
    private final Batcher<Lookup, Optional<Generation>> reads;

    public GenerationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.batcher = new Batcher<>("ingress-intake", MAX_BATCH, Duration.ofSeconds(1),
                ServiceUnavailableException::new, this::insertAll);
        this.reads = new Batcher<>("ingress-reads", MAX_BATCH, Duration.ofSeconds(1),
                ServiceUnavailableException::new, this::findAll);
    }

    /** What {@link #insert} did: stored the new generation, or found the one an earlier request with the key made. */
    public record Insertion(Outcome outcome, Generation generation, byte[] storedFingerprint, long balance) {
    }

    /** What became of an insertion attempt. */
    public enum Outcome {
        INSERTED,
        REPLAYED,
        /** The key's earlier generation was deleted since: a replay answers as a GET would, not found. */
        REPLAYED_DELETED,
        INSUFFICIENT_CREDITS
    }

    /**
     * Stores the generation and its request event atomically, if the account's balance covers its price. With an
     * idempotency key this account already used, nothing is written and the earlier generation is returned
     * instead. Concurrent calls are written as one batch in one transaction: one commit (one WAL flush) for all.
     */
    public Insertion insert(Generation generation, String idempotencyKey, byte[] fingerprint, OutboxMessage message) {
        return batcher.submit(new NewGeneration(generation, idempotencyKey, fingerprint, message)).get();
    }

    record NewGeneration(Generation generation, String idempotencyKey, byte[] fingerprint, OutboxMessage message) {
    }

    /** One item's result in a batch: its insertion, or the error that only this item hit. */
    record Result(Insertion insertion, RuntimeException error) {
        Insertion get() {
            if (error != null) {
                throw error;
            }
            return insertion;
        }
    }

    /** Writes one batch (package-private so a test can hand it a batch with a bad row). */
    List<Result> insertAll(List<NewGeneration> items) {
        try {
            return jdbi.inTransaction(handle -> insertBatch(handle, items));
        } catch (JdbiException e) {
            if (!isBadRow(e)) {
                throw e;
            }
            // One row broke the batch (a constraint, say): write each alone so only that request fails.
            List<Result> results = new ArrayList<>(items.size());
            for (NewGeneration item : items) {
                try {
                    results.add(jdbi.inTransaction(handle -> insertBatch(handle, List.of(item))).get(0));
                } catch (JdbiException alone) {
                    results.add(new Result(null, alone));
                }
            }
            return results;
        }
    }

    private static List<Result> insertBatch(Handle handle, List<NewGeneration> items) {
        // Rows are inserted in (account, idempotency key) order, the unique index's: two instances whose batches
        // hold the same keys then wait for each other's index entries in one order and never deadlock.
        List<NewGeneration> ordered = new ArrayList<>(items);
        ordered.sort(LOCK_ORDER);
        PreparedBatch batch = handle.prepareBatch(INSERT_WITH_OUTBOX);
        for (NewGeneration item : ordered) {
            bindInsert(batch, item).add();
        }
        int[] inserted = batch.execute();
        Map<NewGeneration, Result> results = new IdentityHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            NewGeneration item = ordered.get(i);
            results.put(item, new Result(inserted[i] == 1
                    ? new Insertion(Outcome.INSERTED, item.generation(), item.fingerprint(), -1)
                    : notInserted(handle, item), null));
        }
        return items.stream().map(results::get).toList();
    }

    private static Insertion notInserted(Handle handle, NewGeneration item) {
        Generation generation = item.generation();
        Optional<Insertion> earlier = item.idempotencyKey() == null ? Optional.empty() : handle.createQuery("""
                        select * from generations where account_id = :account and idempotency_key = :key""")
                .bind("account", generation.accountId())
                .bind("key", item.idempotencyKey())
                .map((rs, ctx) -> new Insertion(rs.getTimestamp("deleted_at") == null ? Outcome.REPLAYED
                        : Outcome.REPLAYED_DELETED, map(rs), rs.getBytes("request_fingerprint"), -1))
                .findOne();
        return earlier.orElseGet(() -> new Insertion(Outcome.INSUFFICIENT_CREDITS, generation, item.fingerprint(),
                handle.createQuery("select credits from accounts where id = :id")
                        .bind("id", generation.accountId()).mapTo(Long.class).findOne().orElse(0L)));
    }

    /** Data errors (class 22) and constraint violations (class 23) belong to one row, not to the database. */
    private static boolean isBadRow(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    /** The account's generation; concurrent lookups are read together in one query. */
    public Optional<Generation> find(String accountId, String generationId) {
        return reads.submit(new Lookup(accountId, generationId));
    }

    private record Lookup(String accountId, String generationId) {
    }

    private List<Optional<Generation>> findAll(List<Lookup> lookups) {
        Map<String, Generation> byId = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("""
                        select * from generations where id = any(cast(:ids as text[])) and deleted_at is null""")
                .bind("ids", SqlArrays.text(lookups.stream().map(Lookup::generationId).distinct().toList()))
                .map((rs, ctx) -> map(rs))
                .forEach(generation -> byId.put(generation.id(), generation)));
        return lookups.stream()
                .map(lookup -> Optional.ofNullable(byId.get(lookup.generationId()))
                        .filter(generation -> generation.accountId().equals(lookup.accountId())))
                .toList();
    }

    /** Newest first; {@code startingAfter} is the last id of the previous page. */
    public List<Generation> list(String accountId, String status, String startingAfter, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select * from generations g
                        where account_id = :account and deleted_at is null
                          and (cast(:status as text) is null or status = :status)
                          and (cast(:after as text) is null or (created_at, id) < (
                               select created_at, id from generations where id = :after and account_id = :account))
                        order by created_at desc, id desc
                        limit :limit""")
                .bind("account", accountId)
                .bind("status", status)
                .bind("after", startingAfter)
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list());
    }

    /**
     * Marks the generation deleted and queues the event that removes its image, in one transaction; a generation
     * not finished yet also gets {@code failure} (its {@code deleted} outcome), so that later stages stop and the
     * credits are refunded. Returns false when this account has no such (undeleted) generation.
     */
    public boolean delete(String accountId, String generationId, OutboxMessage deletion, OutboxMessage failure) {
        return jdbi.inTransaction(handle -> {
            Optional<String> status = handle.createQuery("""
                            update generations set deleted_at = now(),
                                   failure_requested_at = case when status in ('queued', 'processing')
                                       then coalesce(failure_requested_at, now()) else failure_requested_at end
                            where id = :id and account_id = :account and deleted_at is null
                            returning status""")
                    .bind("id", generationId).bind("account", accountId)
                    .mapTo(String.class)
                    .findOne();
            status.filter(GenerationStore::isUnfinished).ifPresent(unfinished -> insertOutbox(handle, failure));
            status.ifPresent(deleted -> insertOutbox(handle, deletion));
            return status.isPresent();
        });
    }

    private static boolean isUnfinished(String status) {
        return status.equals("queued") || status.equals("processing");
    }

    /** A generation the sweeper fails: unfinished for longer than the platform allows. */
    public record Stuck(String id, String accountId, String webhookUrl) {
    }

    /**
     * Claims up to {@code limit} generations created before {@code olderThan} that are still unfinished and were
     * not claimed before, and queues {@code failure} for each in the same transaction. Several ingress instances
     * may sweep at once: SKIP LOCKED and the claim mark hand each generation to exactly one.
     */
    public int sweepUnfinished(Instant olderThan, int limit, java.util.function.Function<Stuck, OutboxMessage> failure) {
        return jdbi.inTransaction(handle -> {
            List<Stuck> stuck = handle.createQuery("""
                            with claimed as (
                                select id from generations
                                where status in ('queued', 'processing') and created_at < :olderThan
                                  and failure_requested_at is null
                                order by created_at
                                limit :limit
                                for update skip locked)
                            update generations g set failure_requested_at = now()
                            from claimed where g.id = claimed.id
                            returning g.id, g.account_id, g.webhook_url""")
                    .bind("olderThan", olderThan)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Stuck(rs.getString("id"), rs.getString("account_id"),
                            rs.getString("webhook_url")))
                    .list();
            stuck.forEach(generation -> insertOutbox(handle, failure.apply(generation)));
            return stuck.size();
        });
    }

    /** Generations of one account created since {@code since}, by status. */
    public Usage usage(String accountId, Instant since) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select count(*) as total,
                               count(*) filter (where status = 'completed') as completed,
                               count(*) filter (where status = 'failed') as failed,
                               count(*) filter (where status in ('queued', 'processing')) as in_progress
                        from generations where account_id = :account and created_at >= :since""")
                .bind("account", accountId).bind("since", since)
                .map((rs, ctx) -> new Usage(rs.getLong("total"), rs.getLong("completed"), rs.getLong("failed"),
                        rs.getLong("in_progress")))
                .one());
    }

    /** How many generations an account made in a period. */
    public record Usage(long generations, long completed, long failed, long inProgress) {
    }

    /** Returns false when no such generation exists at all (an event this platform never accepted). */
    public boolean markProcessing(String generationId) {
        return DatabaseFailures.translate("marking " + generationId + " processing", () -> jdbi.withHandle(handle ->
                handle.createUpdate("update generations set status = 'processing' where id = :id and status = 'queued'")
                        .bind("id", generationId)
                        .execute() == 1
                        || handle.createQuery("select exists (select 1 from generations where id = :id)")
                                .bind("id", generationId).mapTo(Boolean.class).one()));
    }

    /**
     * Records the completion if it is the generation's first outcome. Whenever nobody may see the image that
     * storage just wrote — the generation failed first (timed out, deleted while queued), was deleted meanwhile, or
     * was never accepted here — {@code orphanRemoval} is queued so that the image is removed again.
     */
    public void markCompleted(String generationId, String imageUrl, String objectKey, Instant at,
                              OutboxMessage orphanRemoval) {
        DatabaseFailures.translate("marking " + generationId + " completed", () -> jdbi.useTransaction(handle -> {
            Optional<Row> row = handle.createQuery(
                            "select status, deleted_at is not null as deleted from generations where id = :id for update")
                    .bind("id", generationId)
                    .map((rs, ctx) -> new Row(rs.getString("status"), rs.getBoolean("deleted")))
                    .findOne();
            boolean firstOutcome = row.isPresent() && isUnfinished(row.get().status());
            if (firstOutcome) {
                handle.createUpdate("""
                                update generations set status = 'completed', image_url = :url, object_key = :key,
                                       finished_at = :at
                                where id = :id""")
                        .bind("url", imageUrl).bind("key", objectKey).bind("at", at).bind("id", generationId)
                        .execute();
            }
            boolean visible = row.isPresent() && !row.get().deleted()
                    && (firstOutcome || row.get().status().equals("completed"));
            if (!visible) {
                insertOutbox(handle, orphanRemoval);
            }
        }));
    }

    private record Row(String status, boolean deleted) {
    }

    /** Records the failure if it is the generation's first outcome; a later one changes nothing. */
    public void markFailed(String generationId, String code, String message, Instant at) {
        DatabaseFailures.translate("marking " + generationId + " failed", () -> jdbi.useHandle(handle ->
                handle.createUpdate("""
                                update generations set status = 'failed', failure_code = :code,
                                       failure_message = :message, finished_at = :at
                                where id = :id and status in ('queued', 'processing')""")
                        .bind("code", code).bind("message", message).bind("at", at).bind("id", generationId)
                        .execute()));
    }

    /** Queues an event that belongs to no stored generation (the failure of one this platform never accepted). */
    public void queue(OutboxMessage message) {
        DatabaseFailures.translate("queueing " + message.eventType(), () ->
                jdbi.useHandle(handle -> insertOutbox(handle, message)));
    }

    private static final String INSERT_WITH_OUTBOX = """
            with generation as (
                insert into generations (id, account_id, status, prompt, negative_prompt, style, width,
                    height, quality, seed, upscale, webhook_url, credits_used, idempotency_key,
                    request_fingerprint, created_at)
                select :id, :account, :status, :prompt, :negative, :style, :width, :height, :quality, :seed,
                    :upscale, :webhook, :credits, :idempotencyKey, :fingerprint, :createdAt
                where exists (select 1 from accounts where id = :account and credits >= :credits)
                on conflict (account_id, idempotency_key) do nothing
                returning id)
            insert into outbox (topic, record_key, event_type, schema_version, event_id, payload, traceparent)
            select :topic, :key, :type, :version, :eventId, :payload, :traceparent from generation""";

    private static PreparedBatch bindInsert(PreparedBatch batch, NewGeneration item) {
        Generation g = item.generation();
        GenerationSpec spec = g.spec();
        OutboxMessage message = item.message();
        return batch
                .bind("id", g.id()).bind("account", g.accountId()).bind("status", g.status())
                .bind("prompt", spec.prompt()).bind("negative", spec.negativePrompt()).bind("style", spec.style())
                .bind("width", spec.width()).bind("height", spec.height()).bind("quality", spec.quality().wireName())
                .bind("seed", spec.seed()).bind("upscale", spec.upscale()).bind("webhook", g.webhookUrl())
                .bind("credits", g.creditsUsed()).bind("idempotencyKey", item.idempotencyKey())
                .bind("fingerprint", item.fingerprint()).bind("createdAt", g.createdAt())
                .bind("topic", message.topic()).bind("key", message.key()).bind("type", message.eventType())
                .bind("version", message.schemaVersion()).bind("eventId", message.eventId())
                .bind("payload", message.payload()).bind("traceparent", message.traceparent());
    }

    static void insertOutbox(Handle handle, OutboxMessage message) {
        handle.createUpdate("""
                        insert into outbox (topic, record_key, event_type, schema_version, event_id, payload,
                            traceparent)
                        values (:topic, :key, :type, :version, :eventId, :payload, :traceparent)""")
                .bind("topic", message.topic()).bind("key", message.key()).bind("type", message.eventType())
                .bind("version", message.schemaVersion()).bind("eventId", message.eventId())
                .bind("payload", message.payload())
                .bind("traceparent", message.traceparent())
                .execute();
    }

    private static Generation map(ResultSet rs) throws SQLException {
        GenerationSpec spec = new GenerationSpec(rs.getString("prompt"), rs.getString("negative_prompt"),
                rs.getString("style"), rs.getInt("width"), rs.getInt("height"),
                Quality.fromWireName(rs.getString("quality")).orElseThrow(),
                rs.getLong("seed"), rs.getBoolean("upscale"));
        return new Generation(rs.getString("id"), rs.getString("account_id"), rs.getString("status"), spec,
                rs.getString("webhook_url"), rs.getInt("credits_used"), rs.getString("image_url"),
                rs.getString("object_key"), rs.getString("failure_code"), rs.getString("failure_message"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Stops taking new generations and lookups; the batches in progress finish. */
    @Override
    public void close() {
        batcher.close();
        reads.close();
    }
}
