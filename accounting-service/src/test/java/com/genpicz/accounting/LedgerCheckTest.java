package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.accounting.ledger.LedgerCheck;
import com.genpicz.common.db.Database;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class LedgerCheckTest {

    private Database database;
    private CreditLedger ledger;
    private String account;
    private String failed;
    private String completed;

    /** A completion, a refunded failure, a failure before any debit and one generation still in progress. */
    @BeforeEach
    void runGenerations(TestInfrastructure infra) {
        database = Accounts.migratedDatabase(infra.newDatabase());
        ledger = new CreditLedger(database.jdbi());
        account = new Accounts(database.jdbi()).create(20);
        database.jdbi().useHandle(handle -> handle.execute("""
                insert into credit_ledger (account_id, entry, amount, reason)
                values (?, 'grant', 20, 'opening balance')""", account));
        completed = Identifiers.generationId();
        ledger.debit(completed, account, 3);
        ledger.settle(completed, CreditLedger.Outcome.COMPLETED, null);
        failed = Identifiers.generationId();
        ledger.debit(failed, account, 4);
        ledger.settle(failed, CreditLedger.Outcome.FAILED, FailureCode.RENDER_FAILED);
        String deletedFirst = Identifiers.generationId();
        ledger.settle(deletedFirst, CreditLedger.Outcome.FAILED, FailureCode.DELETED);
        ledger.debit(deletedFirst, account, 2);
        ledger.debit(Identifiers.generationId(), account, 1);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aLedgerWrittenByAccountingIsConsistent() {
        assertThat(new LedgerCheck(database.jdbi()).run()).isEmpty();
    }

    @Test
    void aLostRefundIsFoundBothAsAnUnrefundedFailureAndAsABalanceOffTheLedger() {
        database.jdbi().useHandle(handle -> handle.execute(
                "delete from credit_ledger where generation_id = ? and entry = 'refund'", failed));

        assertThat(new LedgerCheck(database.jdbi()).run())
                .extracting(LedgerCheck.Finding::rule, LedgerCheck.Finding::subject)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("failed_refunded_once", failed),
                        org.assertj.core.groups.Tuple.tuple("balance_equals_ledger", account));
    }

    @Test
    void aRefundOfACompletedGenerationIsFound() {
        database.jdbi().useHandle(handle -> handle.execute("""
                insert into credit_ledger (account_id, generation_id, entry, amount, reason)
                values (?, ?, 'refund', 3, 'forged')""", account, completed));

        assertThat(new LedgerCheck(database.jdbi()).run()).extracting(LedgerCheck.Finding::rule)
                .contains("completed_debited_once", "refund_only_after_failure", "balance_equals_ledger");
    }
}
