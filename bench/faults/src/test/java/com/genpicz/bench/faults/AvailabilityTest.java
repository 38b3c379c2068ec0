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

        Availability availability = Availability.of(attempts);

        assertThat(availability.improper()).isEqualTo(3);
        assertThat(availability.longestImproperSeconds()).isEqualTo(4.0);
        assertThat(availability.unavailable()).isEqualTo(1);
        assertThat(availability.slowestUnavailableSeconds()).isEqualTo(1.0);
    }

    private static Traffic.Attempt attempt(long start, long end, int status, boolean errorObject) {
        return new Traffic.Attempt(start * SECOND, end * SECOND, status, errorObject, status == 0 ? "refused" : null);
    }
}
