package com.genpicz.ingress.auth;

import com.genpicz.ingress.errors.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers verified keys for a few seconds so that a busy key is not looked up on every request. Entries are
 * keyed by the SHA-256 of the key, never the key itself. Revocations and plan changes made through this instance
 * apply at once; other instances see them within the time to live, because no entry is used past it.
 *
 * <p>A key still in use is looked up again in the background once four fifths of its time to live have passed,
 * so that its requests do not wait for the database every few seconds (under load such a lookup was one request
 * in a hundred and set the 99th-percentile latency).
 */
public final class CallerCache {

    private static final Logger log = LoggerFactory.getLogger(CallerCache.class);
    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final long ttlMillis;
    private final Executor refresher;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code refresher} runs the background lookups; it may run them late, or refuse them, without harm. */
    public CallerCache(Clock clock, Duration ttl, Executor refresher) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.refresher = refresher;
    }

    public Caller get(String keyHash, Supplier<Caller> lookup) {
        long now = clock.millis();
        Entry entry = entries.get(keyHash);
        if (entry != null && now < entry.expiresAt()) {
            if (now >= entry.refreshAt() && entry.refreshing().compareAndSet(false, true)) {
                refreshLater(keyHash, entry, lookup);
            }
            return entry.caller();
        }
        Caller caller = lookup.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(keyHash, newEntry(caller, now));
        return caller;
    }

    public void forgetKey(String keyId) {
        entries.values().removeIf(entry -> entry.caller().keyId().equals(keyId));
    }

    public void forgetAccount(String accountId) {
        entries.values().removeIf(entry -> entry.caller().accountId().equals(accountId));
    }

    private void refreshLater(String keyHash, Entry stale, Supplier<Caller> lookup) {
        try {
            refresher.execute(() -> refresh(keyHash, stale, lookup));
        } catch (RejectedExecutionException e) {
            stale.refreshing().set(false);
        }
    }

    private void refresh(String keyHash, Entry stale, Supplier<Caller> lookup) {
        long now = clock.millis();
        try {
            // Replaces only the entry it refreshes: one that forgetKey/forgetAccount removed meanwhile (a
            // revocation through this instance) must not come back from a lookup that started before it.
            entries.replace(keyHash, stale, newEntry(lookup.get(), now));
        } catch (AuthenticationException e) {
            entries.remove(keyHash, stale);
        } catch (RuntimeException e) {
            // The database may be away: the entry stays until it expires, then requests look it up themselves.
            stale.refreshing().set(false);
            log.warn("event=api_key_refresh_failed reason=\"{}\"", e.toString());
        }
    }

    private Entry newEntry(Caller caller, long now) {
        return new Entry(caller, now + ttlMillis * 4 / 5, now + ttlMillis, new AtomicBoolean());
    }

    /** Equality is identity ({@code refreshing} is compared by reference), which {@code replace} relies on. */
    private record Entry(Caller caller, long refreshAt, long expiresAt, AtomicBoolean refreshing) {
    }
}
