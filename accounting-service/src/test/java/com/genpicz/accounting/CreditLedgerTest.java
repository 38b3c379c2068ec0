package com.genpicz.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.db.Database;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.PoisonEventException;
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

        long refunded = ledger.refund(generation, "model_error");
        long refundedAgain = ledger.refund(generation, "model_error");

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

        assertThat(ledger.refund(rejected, "insufficient_credits")).isZero();
        assertThat(ledger.refund(Identifiers.generationId(), "model_error")).isZero();
        assertThat(ledger.balance(account)).isEqualTo(1);
    }

    @Test
    void debitingAnAccountThatDoesNotExistIsPoison() {
        assertThatThrownBy(() -> ledger.debit(Identifiers.generationId(), "acct_nobody", 1))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("acct_nobody");
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
