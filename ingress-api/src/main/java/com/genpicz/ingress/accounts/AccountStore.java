package com.genpicz.ingress.accounts;

import com.genpicz.common.ids.Identifiers;
import com.genpicz.ingress.auth.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Creates and reads accounts and their API keys (the admin side of ingress-api and the dev stack's demo account). */
public final class AccountStore {

    private final Jdbi jdbi;

    public AccountStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Creates an account with no credits: credits are accounting's, granted through it ({@link AccountOpening}).
     */
    public Account create(String email, Plan plan) {
        String id = Identifiers.accountId();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into accounts (id, email, plan, webhook_secret)
                        values (:id, :email, :plan, :secret)""")
                .bind("id", id).bind("email", email).bind("plan", plan.id()).bind("secret", newWebhookSecret())
                .execute());
        return find(id).orElseThrow();
    }

    public ApiKeys.NewApiKey createApiKey(String accountId, String keyId) {
        ApiKeys.NewApiKey key = ApiKeys.generate();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into api_keys (id, account_id, lookup_prefix, secret_hash)
                        values (:id, :account, :prefix, :hash)""")
                .bind("id", keyId).bind("account", accountId)
                .bind("prefix", key.lookupPrefix()).bind("hash", key.hash())
                .execute());
        return key;
    }

    /** Revokes a key; returns false when there is no such key. Revoked keys are refused at once. */
    public boolean revokeApiKey(String keyId) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = :id")
                .bind("id", keyId).execute() == 1);
    }

    /** Changes the plan and the per-minute limit override (null: the plan's default). */
    public Optional<Account> changePlan(String accountId, Plan plan, Integer rateLimitPerMinute) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate(
                        "update accounts set plan = :plan, rate_limit_per_minute = :limit where id = :id")
                .bind("plan", plan.id()).bind("limit", rateLimitPerMinute).bind("id", accountId).execute());
        return updated == 1 ? find(accountId) : Optional.empty();
    }

    /** The account's webhook signing secrets: the current one and, during a rotation's overlap, the one before. */
    public record WebhookSecrets(String current, String previous, Instant previousUntil) {
    }

    /**
     * Replaces the webhook secret with a new one; the old one keeps signing beside it for {@code overlap}, so that
     * receivers can switch without missing a webhook. Returns the new secrets, or empty for an unknown account.
     */
    public Optional<WebhookSecrets> rotateWebhookSecret(String accountId, Duration overlap) {
        String secret = newWebhookSecret();
        Instant until = Instant.now().plus(overlap).truncatedTo(ChronoUnit.SECONDS);
        int updated = jdbi.withHandle(handle -> handle.createUpdate("""
                        update accounts set previous_webhook_secret = webhook_secret,
                               previous_webhook_secret_until = :until, webhook_secret = :secret
                        where id = :id""")
                .bind("until", until).bind("secret", secret).bind("id", accountId).execute());
        return updated == 1 ? webhookSecrets(accountId) : Optional.empty();
    }

    /** The secrets webhooks of this account are signed with now; a previous one only while its overlap lasts. */
    public Optional<WebhookSecrets> webhookSecrets(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select webhook_secret, previous_webhook_secret, previous_webhook_secret_until
                        from accounts where id = :id""")
                .bind("id", accountId)
                .map((rs, ctx) -> {
                    java.sql.Timestamp until = rs.getTimestamp("previous_webhook_secret_until");
                    boolean overlapping = until != null && until.toInstant().isAfter(Instant.now());
                    return new WebhookSecrets(rs.getString("webhook_secret"),
                            overlapping ? rs.getString("previous_webhook_secret") : null,
                            overlapping ? until.toInstant() : null);
                })
                .findOne());
    }

    private static String newWebhookSecret() {
        return "whsec_" + Identifiers.base62(32);
    }

    public Optional<Account> find(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("select * from accounts where id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> new Account(rs.getString("id"), rs.getString("email"),
                        Plan.fromId(rs.getString("plan")).orElseThrow(), (Integer) rs.getObject("rate_limit_per_minute"),
                        rs.getLong("credits"), rs.getString("webhook_secret"),
                        rs.getTimestamp("created_at").toInstant()))
                .findOne());
    }

    public Optional<Account> findByEmail(String email) {
        return jdbi.withHandle(handle -> handle.createQuery("select id from accounts where email = :email")
                        .bind("email", email).mapTo(String.class).findOne())
                .flatMap(this::find);
    }

    /** True when the key exists and is not revoked; used to re-check a key kept from an earlier run. */
    public boolean isActiveKey(String plaintextKey) {
        if (!ApiKeys.looksValid(plaintextKey)) {
            return false;
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select secret_hash from api_keys where lookup_prefix = :prefix and revoked_at is null""")
                        .bind("prefix", ApiKeys.lookupPrefix(plaintextKey))
                        .mapTo(byte[].class)
                        .findOne())
                .map(hash -> ApiKeys.matches(plaintextKey, hash))
                .orElse(false);
    }
}
