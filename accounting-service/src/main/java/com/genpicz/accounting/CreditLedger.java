package com.genpicz.accounting;

import com.genpicz.common.kafka.PoisonEventException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Account balances and the append-only ledger that explains them. Every change is keyed by generation id under a
 * unique index, so a redelivered event can neither debit nor refund twice.
 */
public final class CreditLedger {

    private final Jdbi jdbi;

    public CreditLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public DebitDecision debit(String generationId, String accountId, int amount) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle ->
                earlierDecision(handle, generationId).orElseGet(() -> decide(handle, generationId, accountId, amount)));
    }

    /** Refunds the generation's debit, if there was one and it was not refunded yet. Returns the amount refunded. */
    public long refund(String generationId, String reason) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
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
                    .bind("reason", reason)
                    .execute();
            if (inserted == 0) {
                return 0L;
            }
            handle.createUpdate("update accounts set credits = credits + :amount where id = :account")
                    .bind("amount", debit.get().amount())
                    .bind("account", debit.get().accountId())
                    .execute();
            return debit.get().amount();
        });
    }

    public long balance(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("select credits from accounts where id = :id")
                .bind("id", accountId)
                .mapTo(Long.class)
                .one());
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
