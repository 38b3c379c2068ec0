package com.genpicz.accounting;

import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.ServiceProcess;

/** Entry point of the accounting-service container. */
public final class AccountingMain {

    private AccountingMain() {
    }

    public static void main(String[] args) {
        ServiceProcess.run("accounting-service", () -> AccountingService.start(AccountingConfig.from(Env.system())));
    }
}
