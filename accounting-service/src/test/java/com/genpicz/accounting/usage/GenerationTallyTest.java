package com.genpicz.accounting.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenerationTallyTest {

    private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant CUTOFF = T.plus(Duration.ofDays(40));
    private static final GenerationSpec SPEC =
            new GenerationSpec("a red circle", null, "auto", 512, 512, Quality.STANDARD, 1, false);
    private final String generation = Identifiers.generationId();
    private final String account = Identifiers.accountId();

    @Test
    void aGenerationStillInProgressIsKeptHoweverOldAndAFinishedOneIsForgottenAfterTheCutoff() {
        GenerationTally requested = GenerationTally.unknown().with(new GenerationRequested(Identifiers.eventId(),
                generation, account, T, SPEC, PriceTable.creditsFor(SPEC), null));
        GenerationTally failed = requested.with(new GenerationFailed(Identifiers.eventId(), generation, account,
                T.plusSeconds(5), FailureCode.RENDER_FAILED, "x", null));

        assertThat(requested.forgettableBefore(CUTOFF)).isFalse();
        assertThat(failed.forgettableBefore(T)).isFalse();
        assertThat(failed.forgettableBefore(CUTOFF)).isTrue();
    }

    @Test
    void anEventForAGenerationNeverRequestedWithinReachIsForgottenInsteadOfKeptForEver() {
        GenerationTally orphan = GenerationTally.unknown().with(new GenerationDeleted(Identifiers.eventId(),
                generation, account, T, null));

        assertThat(orphan.contribution().isEmpty()).isTrue();
        assertThat(orphan.forgettableBefore(T)).isFalse();
        assertThat(orphan.forgettableBefore(CUTOFF)).isTrue();
    }
}
