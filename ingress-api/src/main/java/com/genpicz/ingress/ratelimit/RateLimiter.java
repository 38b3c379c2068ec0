package com.genpicz.ingress.ratelimit;

import com.genpicz.common.db.SqlArrays;
import com.genpicz.common.batching.Batcher;
import com.genpicz.ingress.errors.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Per-key request counting in fixed windows aligned to the UTC minute, as the API reference specifies. The count
 * lives in PostgreSQL so that every ingress instance enforces one shared limit. Concurrent requests are counted
 * together: one statement adds each key's requests of a batch and tells each request its place in the window.
 */
public final class RateLimiter implements AutoCloseable {

    private static final int MAX_BATCH = 512;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Batcher<Request, Decision> batcher;

    public RateLimiter(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.batcher = new Batcher<>("ingress-rate-limits", MAX_BATCH, Duration.ofSeconds(1),
                ServiceUnavailableException::new, this::countAll);
    }

    /** The state of a key's current window after counting one more request. */
    public record Decision(boolean allowed, int limit, int remaining, Instant resetAt) {
        public long secondsUntilReset(Instant now) {
            return Math.max(1, (long) Math.ceil((resetAt.toEpochMilli() - now.toEpochMilli()) / 1000.0));
        }
    }

    private record Request(String keyId, int limit, Instant window) {
    }

    private record Slot(Instant window, String keyId) {
    }

    public Decision count(String keyId, int limit) {
        return batcher.submit(new Request(keyId, limit, clock.instant().truncatedTo(ChronoUnit.MINUTES)));
    }

    public Instant now() {
        return clock.instant();
    }

    private List<Decision> countAll(List<Request> requests) {
        Map<Instant, Map<String, Integer>> perWindow = new LinkedHashMap<>();
        for (Request request : requests) {
            // Sorted keys: instances updating overlapping keys then lock their rows in one order, never deadlock.
            perWindow.computeIfAbsent(request.window(), w -> new TreeMap<>()).merge(request.keyId(), 1, Integer::sum);
        }
        // A key whose n requests of this batch brought its window to `total` gave them places total-n+1 … total.
        Map<Slot, Integer> nextPlace = new HashMap<>();
        jdbi.useHandle(handle -> perWindow.forEach((window, counts) -> add(handle, window, counts)
                .forEach((key, total) -> nextPlace.put(new Slot(window, key), total - counts.get(key) + 1))));
        List<Decision> decisions = new ArrayList<>(requests.size());
        for (Request request : requests) {
            int used = nextPlace.merge(new Slot(request.window(), request.keyId()), 1, Integer::sum) - 1;
            decisions.add(new Decision(used <= request.limit(), request.limit(), Math.max(0, request.limit() - used),
                    request.window().plus(1, ChronoUnit.MINUTES)));
        }
        return decisions;
    }

    private static Map<String, Integer> add(Handle handle, Instant window, Map<String, Integer> counts) {
        Map<String, Integer> totals = new HashMap<>();
        handle.createQuery("""
                        insert into rate_limit_windows (key_id, window_start, requests)
                        select key_id, :window, n from unnest(cast(:keys as text[]), cast(:counts as int[])) as t(key_id, n)
                        on conflict (key_id, window_start) do update
                            set requests = rate_limit_windows.requests + excluded.requests
                        returning key_id, requests""")
                .bind("window", window)
                .bind("keys", SqlArrays.text(counts.keySet()))
                .bind("counts", SqlArrays.integers(counts.values()))
                .map((rs, ctx) -> Map.entry(rs.getString("key_id"), rs.getInt("requests")))
                .forEach(entry -> totals.put(entry.getKey(), entry.getValue()));
        return totals;
    }

    /** Drops windows older than a few minutes; called now and then so the table stays small. */
    public int purgeOldWindows() {
        Instant cutoff = clock.instant().minus(5, ChronoUnit.MINUTES);
        return jdbi.withHandle(handle -> handle.createUpdate("delete from rate_limit_windows where window_start < :cutoff")
                .bind("cutoff", cutoff)
                .execute());
    }

    @Override
    public void close() {
        batcher.close();
    }
}
