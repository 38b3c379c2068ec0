package com.genpicz.accounting;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.DatabaseCoordinates;
import org.jdbi.v3.core.Jdbi;

/** Test accounts inserted with plain SQL, as ingress-api would have created them, on a freshly migrated database. */
final class Accounts {

    private final Jdbi jdbi;

    Accounts(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static Database migratedDatabase(DatabaseCoordinates coordinates) {
        return Database.connect(new DatabaseConfig(coordinates.jdbcUrl(), coordinates.user(), coordinates.password(), 4),
                "accounting-test").migrate();
    }

    String create(long credits) {
        String id = Identifiers.accountId();
        jdbi.useHandle(handle -> handle.createUpdate("""
                        insert into accounts (id, email, plan, credits, webhook_secret)
                        values (:id, :email, 'pro', :credits, 'whsec_test')""")
                .bind("id", id)
                .bind("email", id + "@example.com")
                .bind("credits", credits)
                .execute());
        return id;
    }

    void grant(String accountId, long credits) {
        jdbi.useHandle(handle -> handle.execute(
                "update accounts set credits = credits + ? where id = ?", credits, accountId));
    }

    long balance(String accountId) {
        return jdbi.withHandle(handle -> handle.createQuery("select credits from accounts where id = :id")
                .bind("id", accountId).mapTo(Long.class).one());
    }

    /** The ledger's entries for one generation, as {@code entry:amount}. */
    java.util.List<String> ledger(String generationId) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        select entry || ':' || amount from credit_ledger
                        where generation_id = :generation order by id""")
                .bind("generation", generationId).mapTo(String.class).list());
    }
}
