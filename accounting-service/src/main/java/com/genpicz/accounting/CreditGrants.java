package com.genpicz.accounting;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Credits an operator grants (or, with a negative amount, takes back): the balance and its ledger entry change in
 * one transaction, as every other change of credits does. The balance never goes below zero.
 */
public final class CreditGrants {

    private final Jdbi jdbi;

    public CreditGrants(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The balance after the grant; empty when there is no such account. */
    public Optional<Long> grant(String accountId, long amount, String reason) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> balance = handle.createQuery("""
                            update accounts set credits = greatest(0, credits + :amount) where id = :id
                            returning credits""")
                    .bind("amount", amount).bind("id", accountId).mapTo(Long.class).findOne();
            if (balance.isPresent()) {
                handle.createUpdate("""
                                insert into credit_ledger (account_id, entry, amount, reason)
                                values (:account, 'grant', :amount, :reason)""")
                        .bind("account", accountId).bind("amount", amount).bind("reason", reason).execute();
            }
            return balance;
        });
    }
}
