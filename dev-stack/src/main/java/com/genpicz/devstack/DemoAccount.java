package com.genpicz.devstack;

import com.genpicz.common.ids.Identifiers;
import com.genpicz.ingress.accounts.Account;
import com.genpicz.ingress.accounts.AccountStore;
import com.genpicz.ingress.accounts.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The dev stack's ready-to-use account. Its key is kept in plain text in the local data folder (readable by the
 * owner only) so that restarts print the same key; production never stores plaintext keys.
 */
public final class DemoAccount {

    public static final String EMAIL = "demo@genpicz.local";
    private static final long CREDITS = 1_000;

    private DemoAccount() {
    }

    /** The demo key: the one saved from an earlier run if it still works, else a new account or key. */
    public static String ensure(AccountStore accounts, Path keyFile) {
        String saved = read(keyFile);
        if (saved != null && accounts.isActiveKey(saved)) {
            return saved;
        }
        Account account = accounts.findByEmail(EMAIL).orElseGet(() -> accounts.create(EMAIL, Plan.STUDIO, CREDITS));
        String key = accounts.createApiKey(account.id(), Identifiers.apiKeyId()).plaintext();
        write(keyFile, key);
        return key;
    }

    private static String read(Path keyFile) {
        try {
            return Files.exists(keyFile) ? Files.readString(keyFile).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path keyFile, String key) {
        try {
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, key + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the demo key to " + keyFile, e);
        }
    }
}
