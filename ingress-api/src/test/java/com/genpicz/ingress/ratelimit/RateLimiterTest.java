package com.genpicz.ingress.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fixed windows aligned to the UTC minute, counted in PostgreSQL, under a clock the test moves. */
@ExtendWith(RealInfrastructure.class)
class RateLimiterTest {

    private Database database;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:58Z"));
    private RateLimiter limiter;

    @BeforeEach
    void connect(TestInfrastructure infra) {
        DatabaseCoordinates coordinates = infra.newDatabase();
        database = Database.connect(new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(),
                coordinates.password(), 2), "rate-limit-test").migrate();
        limiter = new RateLimiter(database.jdbi(), clock);
    }

    @AfterEach
    void close() {
        limiter.close();
        database.close();
    }

    @Test
    void theLimitResetsAtTheStartOfTheNextUtcMinute() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.count("key_a", 3).allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.count("key_a", 3);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.resetAt()).isEqualTo(Instant.parse("2026-11-25T10:01:00Z"));
        assertThat(refused.secondsUntilReset(clock.instant())).isEqualTo(2);

        clock.set(Instant.parse("2026-11-25T10:01:00Z"));
        RateLimiter.Decision fresh = limiter.count("key_a", 3);

        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(2);
        assertThat(fresh.resetAt()).isEqualTo(Instant.parse("2026-11-25T10:02:00Z"));
    }

    @Test
    void keysAreCountedSeparately() {
        assertThat(limiter.count("key_b", 1).allowed()).isTrue();
        assertThat(limiter.count("key_b", 1).allowed()).isFalse();
        assertThat(limiter.count("key_c", 1).allowed()).isTrue();
    }

    @Test
    void concurrentRequestsOfOneKeyEachGetTheirOwnPlaceInTheWindow() throws Exception {
        int limit = 30;
        List<Callable<RateLimiter.Decision>> requests = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            requests.add(() -> limiter.count("key_e", limit));
        }
        ExecutorService threads = Executors.newFixedThreadPool(45);
        List<RateLimiter.Decision> decisions = new ArrayList<>();
        try {
            for (Future<RateLimiter.Decision> decision : threads.invokeAll(requests)) {
                decisions.add(decision.get());
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(decisions).filteredOn(RateLimiter.Decision::allowed).hasSize(limit);
        assertThat(decisions).filteredOn(RateLimiter.Decision::allowed)
                .extracting(RateLimiter.Decision::remaining)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, limit).boxed().toList());
        assertThat(limiter.count("key_f", 1).allowed()).isTrue();
    }

    @Test
    void oldWindowsArePurged() {
        limiter.count("key_d", 5);
        clock.advance(Duration.ofSeconds(600));
        assertThat(limiter.purgeOldWindows()).isEqualTo(1);
    }
}
