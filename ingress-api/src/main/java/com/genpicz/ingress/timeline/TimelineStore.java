package com.genpicz.ingress.timeline;

import com.genpicz.common.events.GenerationStageTimed;
import com.genpicz.common.batching.Batcher;
import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.failures.RetriableEventException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The stage timings of each generation (table {@code generation_stages}), kept from the stages topic for
 * {@code GET /v1/generations/{id}/timeline}. About six timings arrive per generation, so the consumer's handlers
 * hand them to one {@link Batcher}: one statement and one commit per batch rather than per timing. Timings are
 * observability: they commit without waiting for the disk, so a database crash may forget the last few, never a
 * generation.
 */
public final class TimelineStore implements AutoCloseable {

    private static final int MAX_BATCH = 256;
    private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Batcher<GenerationStageTimed, Integer> writes;

    public TimelineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writes = new Batcher<>("ingress-timeline-writes", MAX_BATCH, MAX_QUEUE_WAIT,
                RetriableEventException::new, this::recordAll);
    }

    /** Keeps one timing once (by event id); a timing of a generation this platform never accepted is dropped. */
    public void record(GenerationStageTimed timed) {
        writes.submit(timed);
    }

    private List<Integer> recordAll(List<GenerationStageTimed> timings) {
        return DatabaseFailures.translate("recording " + timings.size() + " stage timings", () ->
                jdbi.inTransaction(handle -> {
                    handle.execute("set local synchronous_commit = off");
                    PreparedBatch batch = handle.prepareBatch("""
                            insert into generation_stages (event_id, generation_id, stage, service, instance,
                                                           queued_at, started_at, finished_at)
                            select :event, :generation, :stage, :service, :instance, :queued, :started, :finished
                            where exists (select 1 from generations where id = :generation)
                            on conflict (event_id) do nothing""");
                    for (GenerationStageTimed timed : timings) {
                        batch.bind("event", timed.eventId())
                                .bind("generation", timed.generationId())
                                .bind("stage", timed.stage().wireName())
                                .bind("service", timed.service())
                                .bind("instance", timed.instance())
                                .bind("queued", timed.queuedAt())
                                .bind("started", timed.startedAt())
                                .bind("finished", timed.finishedAt())
                                .add();
                    }
                    return Arrays.stream(batch.execute()).boxed().toList();
                }));
    }
    /** The generation's timings in the order they started; the caller checked that the generation is theirs. */
    public List<StageTiming> stagesOf(String generationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select stage, service, instance, queued_at, started_at, finished_at
                        from generation_stages where generation_id = :generation
                        order by started_at, finished_at""")
                .bind("generation", generationId)
                .map((rs, ctx) -> new StageTiming(rs.getString("stage"), rs.getString("service"),
                        rs.getString("instance"), instant(rs.getTimestamp("queued_at")),
                        instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at"))))
                .list());
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    @Override
    public void close() {
        writes.close();
    }
}
