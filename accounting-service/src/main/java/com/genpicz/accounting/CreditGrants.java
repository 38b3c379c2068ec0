package com.genpicz.accounting;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Credits an operator grants (or, with a negative amount, takes back): the balance and its ledger entry change in
 * one transaction, as every other change of credits does. The balance never goes below zero, and the ledger
 * records the change actually made, so balances always equal their ledger. Each grant carries an id its caller
 * chose: the same id again changes nothing, which makes a grant safe to retry.
 */
public final class CreditGrants {

    private final Jdbi jdbi;

    public CreditGrants(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The balance after the grant (or after the earlier grant of the same id); empty for an unknown account. */
    public Optional<Long> grant(String accountId, String grantId, long amount, String reason) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> balance = handle.createQuery("select credits from accounts where id = :id for update")
                    .bind("id", accountId).mapTo(Long.class).findOne();
            if (balance.isEmpty() || alreadyGranted(handle, grantId)) {
                return balance;
            }
            long after = Math.max(0, balance.get() + amount);
            handle.createUpdate("update accounts set credits = :credits where id = :id")
                    .bind("credits", after).bind("id", accountId).execute();
            handle.createUpdate("""
                            insert into credit_ledger (account_id, entry, amount, reason, grant_id)
                            values (:account, 'grant', :amount, :reason, :grant)""")
                    .bind("account", accountId).bind("amount", after - balance.get()).bind("reason", reason)
                    .bind("grant", grantId).execute();
            return Optional.of(after);
        });
    }

    /**
     * The row lock on the account serialises grants to it, so a repeated id is seen here; the unique index on
     * grant_id is the backstop.
     */
    private static boolean alreadyGranted(Handle handle, String grantId) {
        return handle.createQuery("select count(*) from credit_ledger where grant_id = :grant")
                .bind("grant", grantId).mapTo(Integer.class).one() > 0;
    }
}
