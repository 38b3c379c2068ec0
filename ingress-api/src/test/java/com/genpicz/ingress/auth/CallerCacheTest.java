package com.genpicz.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.errors.AuthenticationException;
import com.genpicz.ingress.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CallerCacheTest {

    private static final String HASH = "ab12";
    private static final Caller CALLER = new Caller("key_1", "acct_1", Plan.PRO, 30);
    private static final Caller UPGRADED = new Caller("key_1", "acct_1", Plan.STUDIO, 60);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));
    /** Background lookups wait here until the test runs them. */
    private final Queue<Runnable> background = new ArrayDeque<>();
    private final CallerCache cache = new CallerCache(clock, Duration.ofSeconds(5), background::add);
    private final AtomicInteger lookups = new AtomicInteger();

    @Test
    void aFreshEntryIsServedWithoutALookup() {
        cachedFor(Duration.ofMillis(3_900));

        assertThat(cache.get(HASH, counting(UPGRADED))).isEqualTo(CALLER);
        assertThat(lookups).hasValue(1);
        assertThat(background).isEmpty();
    }

    @Test
    void aKeyInUseIsLookedUpAgainInTheBackgroundOnceBeforeItExpires() {
        cachedFor(Duration.ofSeconds(4));

        assertThat(cache.get(HASH, counting(UPGRADED))).as("served from the cache meanwhile").isEqualTo(CALLER);
        assertThat(cache.get(HASH, counting(UPGRADED))).isEqualTo(CALLER);
        assertThat(background).as("one refresh however many requests").hasSize(1);
        assertThat(lookups).hasValue(1);

        background.poll().run();
        clock.advance(Duration.ofSeconds(3));

        assertThat(cache.get(HASH, counting(CALLER))).as("the refreshed entry, past the first one's expiry")
                .isEqualTo(UPGRADED);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anExpiredEntryIsLookedUpByTheRequestItself() {
        cachedFor(Duration.ofSeconds(5));

        assertThat(cache.get(HASH, counting(UPGRADED))).isEqualTo(UPGRADED);
        assertThat(lookups).hasValue(2);
        assertThat(background).isEmpty();
    }

    @Test
    void aKeyRevokedElsewhereIsDroppedByItsBackgroundLookup() {
        cachedFor(Duration.ofSeconds(4));
        cache.get(HASH, () -> {
            throw new AuthenticationException("invalid_api_key", "revoked");
        });

        background.poll().run();

        assertThat(cache.get(HASH, counting(UPGRADED))).as("looked up afresh").isEqualTo(UPGRADED);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRevocationThroughThisInstanceIsNotUndoneByARefreshAlreadyUnderway() {
        cachedFor(Duration.ofSeconds(4));
        cache.get(HASH, counting(CALLER));

        cache.forgetKey("key_1");
        background.poll().run();

        assertThat(cache.get(HASH, counting(UPGRADED))).isEqualTo(UPGRADED);
    }

    @Test
    void aFailedBackgroundLookupKeepsTheEntryUntilItExpiresAndIsTriedAgain() {
        cachedFor(Duration.ofSeconds(4));
        cache.get(HASH, () -> {
            throw new IllegalStateException("database away");
        });

        background.poll().run();

        assertThat(cache.get(HASH, counting(UPGRADED))).isEqualTo(CALLER);
        assertThat(background).as("the next request tries again").hasSize(1);
    }

    /** CALLER verified and cached, then {@code age} passed. */
    private void cachedFor(Duration age) {
        cache.get(HASH, counting(CALLER));
        clock.advance(age);
    }

    private Supplier<Caller> counting(Caller caller) {
        return () -> {
            lookups.incrementAndGet();
            return caller;
        };
    }
}
