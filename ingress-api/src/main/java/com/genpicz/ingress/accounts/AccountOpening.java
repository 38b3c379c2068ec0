package com.genpicz.ingress.accounts;

import com.genpicz.ingress.errors.ServiceUnavailableException;

/**
 * Opens an account: ingress creates it (email, plan, keys and webhook secret are ingress's), then accounting
 * grants its opening credits. If the grant fails the account exists with no credits and the error says so; the
 * operator grants them with {@code POST /admin/v1/accounts/{id}/credits}.
 */
public final class AccountOpening {

    private final AccountStore accounts;
    private final AccountingClient accounting;

    public AccountOpening(AccountStore accounts, AccountingClient accounting) {
        this.accounts = accounts;
        this.accounting = accounting;
    }

    public Account open(String email, Plan plan, long credits) {
        Account account = accounts.create(email, plan);
        if (credits != 0) {
            try {
                accounting.grant(account.id(), "opening:" + account.id(), credits, "opening balance");
            } catch (ServiceUnavailableException e) {
                throw new ServiceUnavailableException("The account " + account.id() + " was created, but its "
                        + "opening credits may not have been granted; check it with GET /admin/v1/accounts/"
                        + account.id() + " and grant them with POST /admin/v1/accounts/" + account.id()
                        + "/credits and an Idempotency-Key.");
            }
        }
        return accounts.find(account.id()).orElseThrow();
    }

    /**
     * Grants (or takes back) credits through accounting, once per {@code grantId}; the account as it stands
     * after.
     */
    public java.util.Optional<Account> grant(String accountId, String grantId, long amount, String reason) {
        if (accounts.find(accountId).isEmpty()) {
            return java.util.Optional.empty();
        }
        accounting.grant(accountId, grantId, amount, reason);
        return accounts.find(accountId);
    }
}
