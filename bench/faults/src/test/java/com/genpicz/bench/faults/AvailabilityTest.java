package com.genpicz.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLongestStretchOfImproperAnswersEndsAtTheFirstProperAnswerStartedAfterIt() {
        List<Traffic.Attempt> attempts = List.of(
                attempt(0, 1, 202, false),
                attempt(2, 3, 0, false),
                attempt(3, 6, 500, false),
                attempt(4, 5, 202, false),
                attempt(7, 8, 503, true),
                attempt(9, 9, 0, false));

        Availability availability = Availability.of(attempts, List.of(), 0);

        assertThat(availability.improper()).isEqualTo(3);
        assertThat(Availability.of(List.of(attempt(0, 1, 500, true)), List.of(), 0).improper())
                .as("a 500 is improper even with an error object").isEqualTo(1);
        assertThat(availability.longestImproperSeconds()).isEqualTo(4.0);
        assertThat(availability.unavailable()).isEqualTo(1);
        assertThat(availability.slowestUnavailableSeconds()).isEqualTo(1.0);
    }

    @Test
    void aRequestCutOffByTheKillOfItsOwnInstanceIsCountedApartFromImproperAnswers() {
        List<Traffic.Attempt> attempts = List.of(
                attempt(A, 0, 4, 0, false),
                attempt(B, 1, 4, 0, false),
                attempt(A, 5, 6, 0, false));

        Availability availability = Availability.of(attempts, List.of(new Availability.Kill(A, 2 * SECOND)), 0);

        assertThat(availability.cutByKill()).isEqualTo(1);
        assertThat(availability.improper()).isEqualTo(2);
        assertThat(availability.improperDetails()).containsExactly(
                "1.0–4.0 s POST " + B + ": refused", "5.0–6.0 s POST " + A + ": refused");
    }

    private static final String A = "http://127.0.0.1:1/v1";
    private static final String B = "http://127.0.0.1:2/v1";

    private static Traffic.Attempt attempt(long start, long end, int status, boolean errorObject) {
        return attempt(A, start, end, status, errorObject);
    }

    private static Traffic.Attempt attempt(String base, long start, long end, int status, boolean errorObject) {
        return new Traffic.Attempt(base, "POST", start * SECOND, end * SECOND, status, errorObject,
                status == 0 ? "refused" : null);
    }
}
