package com.genpicz.bench.faults;

import java.util.Comparator;
import java.util.List;

/**
 * How the API answered while things broke: the longest stretch in which it answered neither 2xx nor a JSON error
 * object (connections refused on every instance, timeouts, bare 5xx), and how fast it said 503 while a dependency
 * was down.
 */
record Availability(long requests, long improper, double longestImproperSeconds, long unavailable,
                    double slowestUnavailableSeconds) {

    static Availability of(List<Traffic.Attempt> attempts) {
        List<Traffic.Attempt> ordered = attempts.stream().sorted(Comparator.comparingLong(Traffic.Attempt::startedNanos))
                .toList();
        double longest = 0;
        Long windowStart = null;
        long windowEnd = 0;
        for (Traffic.Attempt attempt : ordered) {
            if (attempt.answeredProperly()) {
                if (windowStart != null && attempt.startedNanos() > windowEnd) {
                    longest = Math.max(longest, (windowEnd - windowStart) / 1e9);
                    windowStart = null;
                }
                continue;
            }
            if (windowStart == null) {
                windowStart = attempt.startedNanos();
            }
            windowEnd = Math.max(windowEnd, attempt.finishedNanos());
        }
        if (windowStart != null) {
            longest = Math.max(longest, (windowEnd - windowStart) / 1e9);
        }
        return new Availability(attempts.size(),
                attempts.stream().filter(attempt -> !attempt.answeredProperly()).count(), longest,
                attempts.stream().filter(Traffic.Attempt::unavailable).count(),
                attempts.stream().filter(Traffic.Attempt::unavailable).mapToDouble(Traffic.Attempt::seconds).max()
                        .orElse(0));
    }
}
