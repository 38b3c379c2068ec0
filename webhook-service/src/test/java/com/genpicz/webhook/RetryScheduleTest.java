package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final RetrySchedule standard = new RetrySchedule(RetrySchedule.STANDARD);

    @Test
    void theStandardScheduleGivesEightAttemptsOverAboutADay() {
        assertThat(standard.attempts()).isEqualTo(8);
        Duration total = RetrySchedule.STANDARD.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isBetween(Duration.ofHours(27), Duration.ofHours(28));
    }

    @Test
    void eachWaitIsJitteredByUpToAFifthAndNotTheSameEveryTime() {
        java.util.Set<Instant> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Instant next = standard.next(2, NOW, null);
            assertThat(Duration.between(NOW, next)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
            seen.add(next);
        }
        assertThat(seen.size()).isGreaterThan(10);
    }

    @Test
    void afterTheLastAttemptThereIsNoNext() {
        assertThat(standard.next(8, NOW, null)).isNull();
        assertThat(new RetrySchedule(List.of(Duration.ofSeconds(1))).next(2, NOW, Duration.ofSeconds(5))).isNull();
    }

    @Test
    void retryAfterIsHonouredWithinSixHours() {
        assertThat(standard.next(1, NOW, Duration.ofSeconds(42))).isEqualTo(NOW.plusSeconds(42));
        assertThat(standard.next(1, NOW, Duration.ofDays(3))).isEqualTo(NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(RetrySchedule.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetrySchedule.parseRetryAfter("Tue, 01 Dec 2026 12:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetrySchedule.parseRetryAfter("Tue, 01 Dec 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetrySchedule.parseRetryAfter("soon", NOW)).isNull();
        assertThat(RetrySchedule.parseRetryAfter(null, NOW)).isNull();
    }
}
