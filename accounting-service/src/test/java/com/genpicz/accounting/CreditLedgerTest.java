package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.failures.RetriableEventException;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class CreditLedgerTest {

    private Database database;
    private Accounts accounts;
    private CreditLedger ledger;

    @BeforeEach
    void freshDatabase(TestInfrastructure infra) {
        database = Accounts.migratedDatabase(infra.newDatabase());
        accounts = new Accounts(database.jdbi());
        ledger = new CreditLedger(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aRedeliveredRequestIsDebitedOnlyOnce() {
        String account = accounts.create(10);
        String generation = Identifiers.generationId();

        DebitDecision first = ledger.debit(generation, account, 3);
        DebitDecision again = ledger.debit(generation, account, 3);

        assertThat(first).isEqualTo(DebitDecision.AUTHORIZED);
        assertThat(again).isEqualTo(DebitDecision.AUTHORIZED);
        assertThat(ledger.balance(account)).isEqualTo(7);
        assertThat(accounts.ledger(generation)).containsExactly("debit:3");
    }

    @Test
    void aRequestCostingMoreThanTheBalanceIsRejectedAndTheBalanceIsUntouched() {
        String account = accounts.create(2);
        String generation = Identifiers.generationId();

        assertThat(ledger.debit(generation, account, 3)).isEqualTo(DebitDecision.INSUFFICIENT_CREDITS);

        assertThat(ledger.balance(account)).isEqualTo(2);
        assertThat(accounts.ledger(generation)).containsExactly("rejection:0");
    }

    @Test
    void aRejectionSticksOnRedeliveryEvenAfterCreditsWereAdded() {
        String account = accounts.create(0);
        String generation = Identifiers.generationId();
        ledger.debit(generation, account, 1);
        accounts.grant(account, 100);

        DebitDecision redelivered = ledger.debit(generation, account, 1);

        assertThat(redelivered).isEqualTo(DebitDecision.INSUFFICIENT_CREDITS);
        assertThat(ledger.balance(account)).isEqualTo(100);
    }

    @Test
    void theExactBalanceIsEnough() {
        String account = accounts.create(4);

        assertThat(ledger.debit(Identifiers.generationId(), account, 4)).isEqualTo(DebitDecision.AUTHORIZED);
        assertThat(ledger.balance(account)).isZero();
    }

    @Test
    void aRefundRestoresTheDebitOnlyOnce() {
        String account = accounts.create(10);
        String generation = Identifiers.generationId();
        ledger.debit(generation, account, 4);

        long refunded = ledger.settle(generation, CreditLedger.Outcome.FAILED, FailureCode.RENDER_FAILED);
        long refundedAgain = ledger.settle(generation, CreditLedger.Outcome.FAILED, FailureCode.RENDER_FAILED);

        assertThat(refunded).isEqualTo(4);
        assertThat(refundedAgain).isZero();
        assertThat(ledger.balance(account)).isEqualTo(10);
        assertThat(accounts.ledger(generation)).containsExactly("debit:4", "refund:4");
    }

    @Test
    void aGenerationThatWasNeverDebitedIsNotRefunded() {
        String account = accounts.create(1);
        String rejected = Identifiers.generationId();
        ledger.debit(rejected, account, 5);

        assertThat(ledger.settle(rejected, CreditLedger.Outcome.FAILED, FailureCode.INSUFFICIENT_CREDITS)).isZero();
        assertThat(ledger.settle(Identifiers.generationId(), CreditLedger.Outcome.FAILED, FailureCode.RENDER_FAILED))
                .isZero();
        assertThat(ledger.balance(account)).isEqualTo(1);
    }

    @Test
    void debitingAnAccountThatDoesNotExistIsPoison() {
        assertThatThrownBy(() -> ledger.debit(Identifiers.generationId(), "acct_nobody", 1))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("acct_nobody");
    }

    @Test
    void aCompletionSettlesTheGenerationSoALaterFailureRefundsNothing() {
        String account = accounts.create(10);
        String generation = Identifiers.generationId();
        ledger.debit(generation, account, 4);

        ledger.settle(generation, CreditLedger.Outcome.COMPLETED, null);

        assertThat(ledger.settle(generation, CreditLedger.Outcome.FAILED, FailureCode.TIMED_OUT)).isZero();
        assertThat(ledger.balance(account)).isEqualTo(6);
    }

    @Test
    void aRequestArrivingAfterItsGenerationFailedIsNotDebited() {
        String account = accounts.create(10);
        String generation = Identifiers.generationId();
        ledger.settle(generation, CreditLedger.Outcome.FAILED, FailureCode.DELETED);

        assertThat(ledger.debit(generation, account, 4)).isEqualTo(DebitDecision.ALREADY_FINISHED);
        assertThat(ledger.balance(account)).isEqualTo(10);
        assertThat(accounts.ledger(generation)).isEmpty();
    }

    @Test
    void aFailureRacingItsOwnDebitAlwaysEndsWithTheCreditsBack() throws Exception {
        String account = accounts.create(100);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 40; i++) {
                String generation = Identifiers.generationId();
                Future<DebitDecision> debit = pool.submit(() -> ledger.debit(generation, account, 1));
                Future<Long> settle = pool.submit(() -> ledger.settle(generation, CreditLedger.Outcome.FAILED,
                        FailureCode.DELETED));
                debit.get();
                settle.get();
            }

            assertThat(ledger.balance(account)).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDatabaseThatIsAwayIsATransientFailure() {
        CreditLedger unreachable = new CreditLedger(org.jdbi.v3.core.Jdbi.create(
                "jdbc:postgresql://127.0.0.1:" + com.genpicz.infra.FreePort.pick() + "/nothing?connectTimeout=1"));

        assertThatThrownBy(() -> unreachable.debit(Identifiers.generationId(), "acct_Test0000000001", 1))
                .isInstanceOf(RetriableEventException.class);
    }

    @Test
    void concurrentRequestsNeverSpendMoreThanTheBalance() throws Exception {
        String account = accounts.create(5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DebitDecision>> decisions = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String generation = Identifiers.generationId();
                decisions.add(pool.submit(() -> ledger.debit(generation, account, 1)));
            }
            long authorized = 0;
            for (Future<DebitDecision> decision : decisions) {
                authorized += decision.get() == DebitDecision.AUTHORIZED ? 1 : 0;
            }

            assertThat(authorized).isEqualTo(5);
            assertThat(ledger.balance(account)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
