package com.genpicz.ingress.accounts;

import org.jdbi.v3.core.Jdbi;

/**
 * Reads balances, which accounting-service owns and changes. The API only uses them to refuse requests an
 * account clearly cannot pay for (402); the authoritative debit happens in accounting.
 */
public final class CreditBalances {

    private final Jdbi jdbi;

    public CreditBalances(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long balance(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("select credits from accounts where id = :id")
                .bind("id", accountId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }
}
