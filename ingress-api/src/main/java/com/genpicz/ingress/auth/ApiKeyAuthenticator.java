package com.genpicz.ingress.auth;

import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.errors.AuthenticationException;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Resolves an {@code Authorization: Bearer gp_live_…} header to a {@link Caller}, or refuses it. */
public final class ApiKeyAuthenticator {

    private static final String BEARER = "Bearer";

    private final Jdbi jdbi;
    private final CallerCache cache;

    public ApiKeyAuthenticator(Jdbi jdbi, CallerCache cache) {
        this.jdbi = jdbi;
        this.cache = cache;
    }

    public Caller authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new AuthenticationException("missing_api_key",
                    "No API key provided. Pass it as 'Authorization: Bearer gp_live_…'.");
        }
        String key = bearerToken(authorizationHeader.strip());
        if (!ApiKeys.looksValid(key)) {
            throw invalidKey();
        }
        return cache.get(HexFormat.of().formatHex(ApiKeys.hash(key)), () -> verify(key));
    }

    /** The part after "Bearer" and its whitespace; the scheme name is case-insensitive (RFC 9110). */
    private static String bearerToken(String header) {
        int space = 0;
        while (space < header.length() && !Character.isWhitespace(header.charAt(space))) {
            space++;
        }
        if (space != BEARER.length() || space == header.length() || !header.regionMatches(true, 0, BEARER, 0, space)) {
            throw new AuthenticationException("invalid_authorization_header",
                    "The Authorization header must be 'Bearer <API key>'.");
        }
        return header.substring(space).strip();
    }

    private Caller verify(String key) {
        StoredKey stored = find(ApiKeys.lookupPrefix(key)).orElseThrow(ApiKeyAuthenticator::invalidKey);
        if (!ApiKeys.matches(key, stored.hash()) || stored.revoked()) {
            throw invalidKey();
        }
        int limit = stored.rateLimitOverride() != null ? stored.rateLimitOverride() : stored.plan().defaultRequestsPerMinute();
        return new Caller(stored.keyId(), stored.accountId(), stored.plan(), limit);
    }

    private Optional<StoredKey> find(String lookupPrefix) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select k.id, k.account_id, k.secret_hash, k.revoked_at is not null as revoked,
                               a.plan, a.rate_limit_per_minute
                        from api_keys k join accounts a on a.id = k.account_id
                        where k.lookup_prefix = :prefix""")
                .bind("prefix", lookupPrefix)
                .map((rs, ctx) -> new StoredKey(rs.getString("id"), rs.getString("account_id"),
                        rs.getBytes("secret_hash"), rs.getBoolean("revoked"),
                        Plan.fromId(rs.getString("plan")).orElseThrow(),
                        (Integer) rs.getObject("rate_limit_per_minute")))
                .findOne());
    }

    private static AuthenticationException invalidKey() {
        return new AuthenticationException("invalid_api_key", "The API key is invalid or has been revoked.");
    }

    private record StoredKey(String keyId, String accountId, byte[] hash, boolean revoked, Plan plan,
                             Integer rateLimitOverride) {
    }
}
