package com.genpicz.bench.ingress;

import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Enterprise accounts with one API key each, plenty of credits and a per-account request limit so high that rate
 * limiting never caps the run (the limiter still counts every request, as in production).
 */
final class BenchAccounts {

    static final int REQUESTS_PER_MINUTE = 100_000_000;
    private static final String EMAIL_PATTERN = "bench-%05d@example.com";
    private static final int CREATORS = 4;

    private BenchAccounts() {
    }

    /** Creates {@code count} accounts and returns their keys' plaintexts, in account order. */
    static List<String> create(AccountStore accounts, Connection connection, int count, long credits)
            throws SQLException, InterruptedException {
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        List<Future<String>> keys = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                String email = String.format(EMAIL_PATTERN, i);
                String keyId = String.format("key_bench_%05d", i);
                keys.add(creators.submit(() -> {
                    Account account = accounts.create(email, Plan.ENTERPRISE);
                    return accounts.createApiKey(account.id(), keyId).plaintext();
                }));
            }
            List<String> plaintexts = new ArrayList<>(count);
            for (Future<String> key : keys) {
                plaintexts.add(key.get());
            }
            raiseRateLimits(connection);
            grantCredits(connection, credits);
            return plaintexts;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Creating the benchmark accounts failed", e.getCause());
        } finally {
            creators.shutdownNow();
        }
    }

    /**
     * Credits are accounting's, which the benchmark does not run: set, with their ledger entries, as its grant
     * would, so that the ledger check holds on a benchmark database too.
     */
    private static void grantCredits(Connection connection, long credits) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update accounts set credits = ? where email like 'bench-%@example.com'");
             PreparedStatement ledger = connection.prepareStatement("""
                     insert into credit_ledger (account_id, entry, amount, reason)
                     select id, 'grant', ?, 'benchmark' from accounts where email like 'bench-%@example.com'""")) {
            update.setLong(1, credits);
            update.executeUpdate();
            ledger.setLong(1, credits);
            ledger.executeUpdate();
        }
    }

    private static void raiseRateLimits(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update accounts set rate_limit_per_minute = ? where email like 'bench-%@example.com'")) {
            update.setInt(1, REQUESTS_PER_MINUTE);
            update.executeUpdate();
        }
    }
}
