package com.genpicz.ingress.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Per-key request counting in fixed windows aligned to the UTC minute, as the API reference specifies. The count
 * lives in PostgreSQL so that every ingress instance enforces one shared limit.
 */
public final class RateLimiter {

    private final Jdbi jdbi;
    private final Clock clock;

    public RateLimiter(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The state of a key's current window after counting one more request. */
    public record Decision(boolean allowed, int limit, int remaining, Instant resetAt) {
        public long secondsUntilReset(Instant now) {
            return Math.max(1, (long) Math.ceil((resetAt.toEpochMilli() - now.toEpochMilli()) / 1000.0));
        }
    }

    public Decision count(String keyId, int limit) {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        int used = jdbi.withHandle(handle -> handle.createQuery("""
                        insert into rate_limit_windows (key_id, window_start, requests) values (:key, :window, 1)
                        on conflict (key_id, window_start) do update set requests = rate_limit_windows.requests + 1
                        returning requests""")
                .bind("key", keyId)
                .bind("window", window)
                .mapTo(Integer.class)
                .one());
        return new Decision(used <= limit, limit, Math.max(0, limit - used), window.plus(1, ChronoUnit.MINUTES));
    }

    public Instant now() {
        return clock.instant();
    }

    /** Drops windows older than a few minutes; called now and then so the table stays small. */
    public int purgeOldWindows() {
        Instant cutoff = clock.instant().minus(5, ChronoUnit.MINUTES);
        return jdbi.withHandle(handle -> handle.createUpdate("delete from rate_limit_windows where window_start < :cutoff")
                .bind("cutoff", cutoff)
                .execute());
    }
}
