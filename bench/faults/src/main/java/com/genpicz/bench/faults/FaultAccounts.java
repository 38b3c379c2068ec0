package com.genpicz.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.genpicz.cluster.AdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The accounts the fault run sends as: Studio accounts (60 requests a minute each), enough of them that the
 * request rate never meets a rate limit, each with one key and a known starting balance.
 */
final class FaultAccounts {

    /** One account: its id, key, webhook secret and the credits it started with. */
    record Account(String id, String key, String webhookSecret, long initialCredits) {
    }

    private final List<Account> accounts;
    private final AtomicLong next = new AtomicLong();

    private FaultAccounts(List<Account> accounts) {
        this.accounts = List.copyOf(accounts);
    }

    static FaultAccounts create(AdminClient admin, int count, long credits) {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = admin.createAccount("fault-run-" + i + "-" + System.nanoTime() + "@example.com", "studio",
                    credits);
            JsonNode view = admin.account(id);
            accounts.add(new Account(id, admin.createKey(id), view.get("webhook_secret").asText(), credits));
        }
        return new FaultAccounts(accounts);
    }

    Account next() {
        return accounts.get((int) (next.getAndIncrement() % accounts.size()));
    }

    List<Account> all() {
        return accounts;
    }

    Account byId(String id) {
        return accounts.stream().filter(account -> account.id().equals(id)).findFirst().orElse(null);
    }
}
