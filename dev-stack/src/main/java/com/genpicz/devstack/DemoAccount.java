package com.genpicz.devstack;

import com.genpicz.common.ids.Identifiers;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountOpening;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import java.nio.file.Path;

/** The dev stack's ready-to-use Studio account, whose key is printed at start and kept across restarts. */
public final class DemoAccount {

    public static final String EMAIL = "demo@genpicz.local";
    private static final long CREDITS = 1_000;

    private DemoAccount() {
    }

    /** The demo key: the one saved from an earlier run if it still works, else a new account or key. */
    public static String ensure(AccountStore accounts, AccountOpening opening, Path keyFile) {
        LocalSecretFile saved = new LocalSecretFile(keyFile);
        if (saved.read().filter(accounts::isActiveKey).isPresent()) {
            return saved.read().get();
        }
        Account account = accounts.findByEmail(EMAIL).orElseGet(() -> opening.open(EMAIL, Plan.STUDIO, CREDITS));
        String key = accounts.createApiKey(account.id(), Identifiers.apiKeyId()).plaintext();
        saved.write(key);
        return key;
    }
}
