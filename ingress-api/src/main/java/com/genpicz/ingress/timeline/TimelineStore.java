package com.genpicz.ingress.timeline;

import com.genpicz.common.events.GenerationStageTimed;
import com.genpicz.common.db.DatabaseFailures;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The stage timings of each generation (table {@code generation_stages}), kept from the stages topic for
 * {@code GET /v1/generations/{id}/timeline}. Timings are observability: they commit without waiting for the disk,
 * so a database crash may forget the last few, never a generation.
 */
public final class TimelineStore {

    private final Jdbi jdbi;

    public TimelineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Keeps one timing once (by event id); a timing of a generation this platform never accepted is dropped. */
    public void record(GenerationStageTimed timed) {
        DatabaseFailures.translate("recording a stage of " + timed.generationId(), () -> jdbi.useTransaction(handle -> {
            handle.execute("set local synchronous_commit = off");
            handle.createUpdate("""
                            insert into generation_stages (event_id, generation_id, stage, service, instance,
                                                           queued_at, started_at, finished_at)
                            select :event, :generation, :stage, :service, :instance, :queued, :started, :finished
                            where exists (select 1 from generations where id = :generation)
                            on conflict (event_id) do nothing""")
                    .bind("event", timed.eventId())
                    .bind("generation", timed.generationId())
                    .bind("stage", timed.stage().wireName())
                    .bind("service", timed.service())
                    .bind("instance", timed.instance())
                    .bind("queued", timed.queuedAt())
                    .bind("started", timed.startedAt())
                    .bind("finished", timed.finishedAt())
                    .execute();
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
}
