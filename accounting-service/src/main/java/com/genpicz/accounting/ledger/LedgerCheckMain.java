package com.genpicz.accounting.ledger;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.db.Database;
import java.util.List;

/**
 * {@code java -cp <accounting-service classpath> com.genpicz.accounting.ledger.LedgerCheckMain}, with the service's
 * database variables: prints every finding of {@link LedgerCheck}, one per line, and exits 1 when there is any.
 */
public final class LedgerCheckMain {

    private LedgerCheckMain() {
    }

    public static void main(String[] args) {
        Env env = Env.system();
        DatabaseConfig config = DatabaseConfig.from(env);
        env.validate();
        try (Database database = Database.connect(config, "ledger-check")) {
            List<LedgerCheck.Finding> findings = new LedgerCheck(database.jdbi()).run();
            findings.forEach(finding -> System.out.printf("%s %s: %s%n", finding.rule(), finding.subject(),
                    finding.detail()));
            System.out.printf("%d findings%n", findings.size());
            System.exit(findings.isEmpty() ? 0 : 1);
        }
    }
}
