package com.genpicz.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.errors.AuthenticationException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The header parsing before any database lookup; the lookups themselves are covered by the contract tests. */
class ApiKeyAuthenticatorTest {

    private static final String KEY = "gp_live_" + "aZ09".repeat(8);
    private static final Caller CALLER = new Caller("key_1", "acct_1", Plan.PRO, 30);

    private final CallerCache cache = new CallerCache(Clock.systemUTC(), Duration.ofMinutes(1), Runnable::run);
    // No database: a lookup that got this far would fail with a NullPointerException, not an AuthenticationException.
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(null, cache);

    @Test
    void aWellFormedBearerHeaderReachesTheKeyWhateverTheSchemesCaseAndSpacing() {
        cache.get(HexFormat.of().formatHex(ApiKeys.hash(KEY)), () -> CALLER);

        assertThat(authenticator.authenticate("Bearer " + KEY)).isEqualTo(CALLER);
        assertThat(authenticator.authenticate("  bearer \t " + KEY + "  ")).isEqualTo(CALLER);
        assertThat(authenticator.authenticate("BEARER " + KEY)).isEqualTo(CALLER);
    }

    @Test
    void otherSchemesAndMissingTokensAreRefusedAsMalformedHeaders() {
        for (String header : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "Bearerx " + KEY,
                "Bear " + KEY, KEY}) {
            assertThatThrownBy(() -> authenticator.authenticate(header)).as(header)
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_authorization_header"));
        }
    }

    @Test
    void tokensThatAreNotOurKeyFormatAreRefusedWithoutALookup() {
        for (String token : new String[] {"gp_live_short", "gp_test_" + "a".repeat(32), KEY + "a",
                "gp_live_" + "a".repeat(31) + "-", "gp_live_" + "a".repeat(31) + "é"}) {
            assertThat(ApiKeys.looksValid(token)).as(token).isFalse();
            assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token)).as(token)
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_api_key"));
        }
        assertThat(ApiKeys.looksValid(ApiKeys.generate().plaintext())).isTrue();
    }

    @Test
    void aMissingOrBlankHeaderAsksForAKey() {
        for (String header : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> authenticator.authenticate(header))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.code()).isEqualTo("missing_api_key"));
        }
    }
}
