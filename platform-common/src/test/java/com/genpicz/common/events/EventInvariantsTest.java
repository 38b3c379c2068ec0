package com.genpicz.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.testing.TestEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventInvariantsTest {

    private static final String GENERATION = TestEvents.generationId("invariants");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void wellFormedEventsOfEveryTypeHaveNoProblems() {
        assertThat(EventInvariants.problems(TestEvents.requested(GENERATION, TestEvents.SPEC, null))).isEmpty();
        assertThat(EventInvariants.problems(TestEvents.authorized(GENERATION, TestEvents.SPEC, "https://x.example/h"))).isEmpty();
        assertThat(EventInvariants.problems(TestEvents.rendered(GENERATION, TestEvents.pngHeader(512, 512), 512, 512))).isEmpty();
        assertThat(EventInvariants.problems(TestEvents.completed(GENERATION, null))).isEmpty();
        assertThat(EventInvariants.problems(TestEvents.failed(GENERATION, FailureCode.TIMED_OUT, "late"))).isEmpty();
        assertThat(EventInvariants.problems(TestEvents.deleted(GENERATION))).isEmpty();
    }

    @Test
    void aPriceThatIsNotTheSpecsPriceIsRefusedSoNobodyCanMintCredits() {
        GenerationSpec ultra = new GenerationSpec("a fox", null, "auto", 1920, 1920, Quality.ULTRA, 1L, true);

        assertThat(EventInvariants.problems(requested(ultra, -50)))
                .containsExactly("credits must be the price of the spec, 12, but is -50");
        assertThat(EventInvariants.problems(requested(ultra, 1)))
                .containsExactly("credits must be the price of the spec, 12, but is 1");
        assertThat(EventInvariants.problems(requested(ultra, 12))).isEmpty();
    }

    @Test
    void identitiesMustBeWellFormed() {
        GenerationRequested event = new GenerationRequested("ev", "gen_1", "account null", AT, TestEvents.SPEC, 1, null);

        assertThat(EventInvariants.problems(event)).containsExactly(
                "generation_id must be gen_ and 14 base62 characters but is 'gen_1'",
                "account_id must be acct_ and 14 base62 characters but is 'account null'");
    }

    @Test
    void aSpecOutsideWhatTheApiAcceptsIsRefused() {
        GenerationSpec spec = new GenerationSpec("a\u0000fox", "x".repeat(501), "vaporwave", 513, 1024, null, -1L, false);

        assertThat(EventInvariants.problems(requested(spec, 1))).containsExactlyInAnyOrder(
                "spec.prompt contains a NUL character",
                "spec.negative_prompt is longer than 500 characters",
                "spec.style 'vaporwave' is not a known style",
                "spec.width must be one of " + com.genpicz.common.generations.ImageSizes.ACCEPTED + " but is 513",
                "spec.quality is missing",
                "spec.seed must be between 0 and 4294967295 but is -1");
    }

    @Test
    void anImageMustBeAPngOfTheSizeItClaims() {
        assertThat(EventInvariants.problems(TestEvents.rendered(GENERATION, "not a png at all, no".getBytes(), 512, 512)))
                .containsExactly("png is not a PNG image");
        assertThat(EventInvariants.problems(TestEvents.rendered(GENERATION, TestEvents.pngHeader(768, 512), 512, 512)))
                .containsExactly("png is 768x512 but the event says 512x512");
    }

    @Test
    void aFailureNeedsACodeAndAMessage() {
        GenerationFailed failed = new GenerationFailed("ev", GENERATION, TestEvents.ACCOUNT, AT, null, " ", null);

        assertThat(EventInvariants.problems(failed)).containsExactly("code is missing", "message is blank");
    }

    private static GenerationRequested requested(GenerationSpec spec, int credits) {
        return new GenerationRequested("ev", GENERATION, TestEvents.ACCOUNT, AT, spec, credits, null);
    }
}
