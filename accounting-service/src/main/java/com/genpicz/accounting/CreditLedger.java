package com.genpicz.accounting;

import com.genpicz.common.db.DatabaseFailures;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.generations.FailureCode;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Account balances, the append-only ledger that explains them, and each generation's settlement (its first
 * outcome). Every change is keyed by generation id under a unique index, so a redelivered event can neither
 * debit nor refund twice; the debit and the settlement of one generation take the same advisory lock, so a
 * failure racing its own debit (they arrive on different topics) is settled after it and refunds it.
 */
public final class CreditLedger {

    private final Jdbi jdbi;

    public CreditLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Debits the generation's price, or rejects it, once. A generation that already has an outcome (deleted or
     * timed out before accounting got to it) is not debited at all.
     */
    public DebitDecision debit(String generationId, String accountId, int amount) {
        return DatabaseFailures.translate("debiting " + generationId, () ->
                jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                    lockGeneration(handle, generationId);
                    if (settlement(handle, generationId).isPresent()) {
                        return DebitDecision.ALREADY_FINISHED;
                    }
                    return earlierDecision(handle, generationId)
                            .orElseGet(() -> decide(handle, generationId, accountId, amount));
                }));
    }

    /**
     * Records the generation's first outcome and, when that outcome is a failure, refunds its debit if there was
     * one. A later outcome of the same generation is ignored. Returns the amount refunded.
     */
    public long settle(String generationId, Outcome outcome, FailureCode failureCode) {
        return DatabaseFailures.translate("settling " + generationId, () ->
                jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                    lockGeneration(handle, generationId);
                    int first = handle.createUpdate("""
                                    insert into generation_settlements (generation_id, outcome, failure_code)
                                    values (:generation, :outcome, :code)
                                    on conflict (generation_id) do nothing""")
                            .bind("generation", generationId)
                            .bind("outcome", outcome.name().toLowerCase())
                            .bind("code", failureCode == null ? null : failureCode.wireName())
                            .execute();
                    if (first == 0 || outcome != Outcome.FAILED) {
                        return 0L;
                    }
                    return refund(handle, generationId, failureCode);
                }));
    }

    /** A generation's outcome as accounting settles it. */
    public enum Outcome { COMPLETED, FAILED }

    public long balance(String accountId) {
        return DatabaseFailures.translate("reading a balance", () ->
                jdbi.withHandle(handle -> handle.createQuery("select credits from accounts where id = :id")
                        .bind("id", accountId)
                        .mapTo(Long.class)
                        .one()));
    }

    private static void lockGeneration(Handle handle, String generationId) {
        handle.execute("select pg_advisory_xact_lock(hashtextextended(?, 0))", generationId);
    }

    private static Optional<String> settlement(Handle handle, String generationId) {
        return handle.createQuery("select outcome from generation_settlements where generation_id = :generation")
                .bind("generation", generationId)
                .mapTo(String.class)
                .findOne();
    }

    private static long refund(Handle handle, String generationId, FailureCode reason) {
        Optional<Debit> debit = handle.createQuery("""
                        select account_id, amount from credit_ledger
                        where generation_id = :generation and entry = 'debit'""")
                .bind("generation", generationId)
                .map((rs, ctx) -> new Debit(rs.getString("account_id"), rs.getLong("amount")))
                .findOne();
        if (debit.isEmpty()) {
            return 0L;
        }
        int inserted = handle.createUpdate("""
                        insert into credit_ledger (account_id, generation_id, entry, amount, reason)
                        values (:account, :generation, 'refund', :amount, :reason)
                        on conflict (generation_id, entry) where generation_id is not null do nothing""")
                .bind("account", debit.get().accountId())
                .bind("generation", generationId)
                .bind("amount", debit.get().amount())
                .bind("reason", reason == null ? null : reason.wireName())
                .execute();
        if (inserted == 0) {
            return 0L;
        }
        handle.createUpdate("update accounts set credits = credits + :amount where id = :account")
                .bind("amount", debit.get().amount())
                .bind("account", debit.get().accountId())
                .execute();
        return debit.get().amount();
    }

    private static Optional<DebitDecision> earlierDecision(Handle handle, String generationId) {
        return handle.createQuery("""
                        select entry from credit_ledger
                        where generation_id = :generation and entry in ('debit', 'rejection')""")
                .bind("generation", generationId)
                .mapTo(String.class)
                .findOne()
                .map(entry -> entry.equals("debit") ? DebitDecision.AUTHORIZED : DebitDecision.INSUFFICIENT_CREDITS);
    }

    private static DebitDecision decide(Handle handle, String generationId, String accountId, int amount) {
        int charged = handle.createUpdate("""
                        update accounts set credits = credits - :amount
                        where id = :account and credits >= :amount""")
                .bind("amount", amount)
                .bind("account", accountId)
                .execute();
        if (charged == 0 && !accountExists(handle, accountId)) {
            throw new PoisonEventException("account " + accountId + " does not exist");
        }
        DebitDecision decision = charged == 1 ? DebitDecision.AUTHORIZED : DebitDecision.INSUFFICIENT_CREDITS;
        handle.createUpdate("""
                        insert into credit_ledger (account_id, generation_id, entry, amount, reason)
                        values (:account, :generation, :entry, :amount, :reason)""")
                .bind("account", accountId)
                .bind("generation", generationId)
                .bind("entry", decision == DebitDecision.AUTHORIZED ? "debit" : "rejection")
                .bind("amount", decision == DebitDecision.AUTHORIZED ? amount : 0)
                .bind("reason", decision == DebitDecision.AUTHORIZED ? "generation" : "insufficient credits")
                .execute();
        return decision;
    }

    private static boolean accountExists(Handle handle, String accountId) {
        return handle.createQuery("select count(*) from accounts where id = :id")
                .bind("id", accountId).mapTo(Integer.class).one() > 0;
    }

    private record Debit(String accountId, long amount) {
    }
}
