package com.genpicz.ingress.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers verified keys for a few seconds so that a busy key is not looked up on every request. Entries are
 * keyed by the SHA-256 of the key, never the key itself. Revocations and plan changes made through this instance
 * apply at once; other instances see them within the time to live.
 */
public final class CallerCache {

    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CallerCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
    }

    public Caller get(String keyHash, Supplier<Caller> lookup) {
        long now = clock.millis();
        Entry entry = entries.get(keyHash);
        if (entry != null && entry.expiresAt() > now) {
            return entry.caller();
        }
        Caller caller = lookup.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(keyHash, new Entry(caller, now + ttlMillis));
        return caller;
    }

    public void forgetKey(String keyId) {
        entries.values().removeIf(entry -> entry.caller().keyId().equals(keyId));
    }

    public void forgetAccount(String accountId) {
        entries.values().removeIf(entry -> entry.caller().accountId().equals(accountId));
    }

    private record Entry(Caller caller, long expiresAt) {
    }
}
