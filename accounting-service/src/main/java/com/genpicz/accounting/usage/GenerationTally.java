package com.genpicz.accounting.usage;

import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.ImageRendered;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the topology knows about one generation, and what that generation adds to its account's usage.
 *
 * <p>Usage is derived, not accumulated: {@link #contribution()} is a function of the facts, and an event sends on
 * only the difference it made. A duplicate event changes no fact, so it changes no total; events arriving out of
 * order (a failure read before its request) are held as facts until the request gives them a period. The first
 * outcome wins, as in the ledger: a completion keeps the debit, a failure refunds it once it is known to exist.
 */
public record GenerationTally(
        String accountId,
        Instant requestedAt,
        String quality,
        String size,
        String style,
        int credits,
        boolean debited,
        String outcome,
        String failureCode,
        Instant finishedAt,
        boolean deleted,
        Instant firstSeenAt) {

    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    static GenerationTally unknown() {
        return new GenerationTally(null, null, null, null, null, 0, false, null, null, null, false, null);
    }

    /** The facts after {@code event}; the same tally when the event adds nothing new. */
    GenerationTally with(GenerationEvent event) {
        String account = accountId != null ? accountId : event.accountId();
        Instant seen = firstSeenAt != null ? firstSeenAt : event.occurredAt();
        if (event instanceof GenerationRequested requested && requestedAt == null) {
            String requestedStyle = requested.spec().style() == null ? "none" : requested.spec().style();
            return new GenerationTally(account, requested.occurredAt(), requested.spec().quality().wireName(),
                    requested.spec().width() + "x" + requested.spec().height(), requestedStyle, requested.credits(),
                    debited, outcome, failureCode, finishedAt, deleted, seen);
        }
        if (event instanceof GenerationAuthorized authorized && !debited) {
            return new GenerationTally(account, requestedAt, quality, size, style, authorized.credits(), true,
                    outcome, failureCode, finishedAt, deleted, seen);
        }
        if (event instanceof GenerationCompleted completed && outcome == null) {
            return new GenerationTally(account, requestedAt, quality, size, style, credits, debited, COMPLETED, null,
                    completed.occurredAt(), deleted, seen);
        }
        if (event instanceof GenerationFailed failed && outcome == null) {
            return new GenerationTally(account, requestedAt, quality, size, style, credits, debited, FAILED,
                    failed.code().wireName(), failed.occurredAt(), deleted, seen);
        }
        if (event instanceof GenerationDeleted && !deleted) {
            return new GenerationTally(account, requestedAt, quality, size, style, credits, debited, outcome,
                    failureCode, finishedAt, true, seen);
        }
        return this;
    }

    /** Whether this event type is one the tally reads (images are not: they are large and add nothing). */
    static boolean reads(GenerationEvent event) {
        return !(event instanceof ImageRendered);
    }

    /** What this generation adds to the usage of the period it was requested in; nothing before its request. */
    Usage contribution() {
        if (requestedAt == null) {
            return Usage.none();
        }
        boolean completed = COMPLETED.equals(outcome);
        boolean failed = FAILED.equals(outcome);
        long completionMillis = completed ? Math.max(0, Duration.between(requestedAt, finishedAt).toMillis()) : 0;
        return new Usage(Usage.SCHEMA_VERSION, accountId, null, null, 1, completed ? 1 : 0, failed ? 1 : 0,
                failed ? Map.of(failureCode, 1L) : Map.of(), deleted ? 1 : 0, debited ? credits : 0,
                debited && failed ? credits : 0, Map.of(quality, 1L), Map.of(size, 1L), Map.of(style, 1L),
                completionMillis);
    }

    /**
     * No longer needed to recognise duplicates once the input topics have dropped its events: finished before the
     * cutoff, or never requested within the topics' reach (an event about a generation whose tally was already
     * swept, such as a deletion months later: it is not counted, see docs/topics.md).
     */
    boolean forgettableBefore(Instant cutoff) {
        if (requestedAt == null) {
            return firstSeenAt == null || firstSeenAt.isBefore(cutoff);
        }
        return finishedAt != null && finishedAt.isBefore(cutoff);
    }
}
