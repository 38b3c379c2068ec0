package com.genpicz.bench.faults;

import java.util.Comparator;
import java.util.List;

/**
 * How the API answered while things broke: the longest stretch in which it answered neither 2xx nor a JSON error
 * object (connections refused on every instance, timeouts, bare 5xx), and how fast it said 503 while a dependency
 * was down. A request whose own ingress instance was killed with -9 while it was being answered is counted apart:
 * no server can answer from a process that no longer exists (behind a load balancer the client would see a 502 and
 * retry with its Idempotency-Key), so it says nothing about how the API answers.
 */
record Availability(long requests, long improper, double longestImproperSeconds, long cutByKill, long unavailable,
                    double slowestUnavailableSeconds, List<String> improperDetails) {

    /** The moment an ingress instance, known by its base URL, was killed. */
    record Kill(String base, long nanos) {
    }

    static Availability of(List<Traffic.Attempt> attempts, List<Kill> kills, long originNanos) {
        List<Traffic.Attempt> ordered = attempts.stream()
                .filter(attempt -> !cutByKill(attempt, kills))
                .sorted(Comparator.comparingLong(Traffic.Attempt::startedNanos))
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
        List<String> details = ordered.stream().filter(attempt -> !attempt.answeredProperly())
                .map(attempt -> describe(attempt, originNanos)).toList();
        return new Availability(attempts.size(), details.size(), longest,
                attempts.stream().filter(attempt -> cutByKill(attempt, kills)).count(),
                attempts.stream().filter(Traffic.Attempt::unavailable).count(),
                attempts.stream().filter(Traffic.Attempt::unavailable).mapToDouble(Traffic.Attempt::seconds).max()
                        .orElse(0), details);
    }

    private static boolean cutByKill(Traffic.Attempt attempt, List<Kill> kills) {
        return attempt.failure() != null && !attempt.failure().equals("timeout") && kills.stream().anyMatch(kill ->
                kill.base().equals(attempt.base()) && attempt.startedNanos() <= kill.nanos()
                        && kill.nanos() <= attempt.finishedNanos());
    }

    private static String describe(Traffic.Attempt attempt, long originNanos) {
        return String.format("%.1f–%.1f s %s %s: %s", (attempt.startedNanos() - originNanos) / 1e9,
                (attempt.finishedNanos() - originNanos) / 1e9, attempt.method(), attempt.base(),
                attempt.failure() != null ? attempt.failure()
                        : "HTTP " + attempt.status() + (attempt.errorObject() ? "" : " without an error object"));
    }
}
