package com.genpicz.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: Standard Webhooks' (Svix's) schedule — 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h after the first attempt, about 28 hours in all — each wait stretched or shrunk by up to 20 % at random, so
 * that many deliveries failed by one outage do not all come back at the same second. A receiver's
 * {@code Retry-After} (on 429 or 503) is honoured, within bounds.
 */
final class RetrySchedule {

    static final List<Duration> STANDARD = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10));
    private static final double JITTER = 0.2;
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(6);

    private final List<Duration> waits;

    RetrySchedule(List<Duration> waits) {
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one wait");
        }
        this.waits = List.copyOf(waits);
    }

    /** How many attempts a delivery gets in all. */
    int attempts() {
        return waits.size() + 1;
    }

    /** When attempt {@code attempt + 1} is due after attempt {@code attempt} failed; null after the last. */
    Instant next(int attempt, Instant now, Duration retryAfter) {
        if (attempt >= attempts()) {
            return null;
        }
        if (retryAfter != null && !retryAfter.isNegative()) {
            return now.plus(retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter);
        }
        Duration wait = waits.get(attempt - 1);
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return now.plusMillis(Math.round(wait.toMillis() * factor));
    }

    /** {@code Retry-After} as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
