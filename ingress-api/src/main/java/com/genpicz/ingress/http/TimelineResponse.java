package com.genpicz.ingress.http;

import com.genpicz.ingress.generations.Generation;
import com.genpicz.ingress.timeline.StageTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/generations/{id}/timeline}: when the API accepted the generation, each stage's wait and work as
 * the service doing it timed it, and when it finished. Times are ISO-8601 with milliseconds; durations whole ms.
 */
record TimelineResponse(
        String object,
        String generationId,
        String status,
        String createdAt,
        String finishedAt,
        Long totalMs,
        List<Stage> stages) {

    /** {@code waitMs}: from its input's production to the start of the work; {@code durationMs}: the work. */
    record Stage(String stage, String service, String instance, String queuedAt, String startedAt,
                 String finishedAt, Long waitMs, long durationMs) {
    }

    static TimelineResponse of(Generation generation, List<StageTiming> timings) {
        List<Stage> stages = timings.stream().map(TimelineResponse::stage).toList();
        Long total = generation.finishedAt() == null ? null : millis(generation.createdAt(), generation.finishedAt());
        return new TimelineResponse("generation.timeline", generation.id(), generation.status(),
                iso(generation.createdAt()), iso(generation.finishedAt()), total, stages);
    }

    private static Stage stage(StageTiming timing) {
        Long wait = timing.queuedAt() == null ? null : Math.max(0, millis(timing.queuedAt(), timing.startedAt()));
        return new Stage(timing.stage(), timing.service(), timing.instance(), iso(timing.queuedAt()),
                iso(timing.startedAt()), iso(timing.finishedAt()), wait, millis(timing.startedAt(), timing.finishedAt()));
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }
}
