package com.genpicz.accounting.ledger;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Proves the ledger against itself and against accounting's settlements: every balance is the sum of its ledger
 * entries; every completed generation was debited exactly once and never refunded; every failed one was refunded
 * exactly when it was debited, by the amount debited; no refund without a failure. Reads only accounting's tables,
 * in one repeatable-read snapshot, so a check during traffic sees one consistent moment.
 */
public final class LedgerCheck {

    /** One broken rule: which, and for what (an account or a generation), with the numbers that disagree. */
    public record Finding(String rule, String subject, String detail) {
    }

    private static final String LEDGER_SUM = """
            coalesce(sum(case l.entry when 'grant' then l.amount when 'refund' then l.amount
                                      when 'debit' then -l.amount else 0 end), 0)""";

    private final Jdbi jdbi;

    public LedgerCheck(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Everything that does not add up; empty when the ledger is consistent. */
    public List<Finding> run() {
        return jdbi.inTransaction(org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            handle.execute("set transaction read only");
            List<Finding> findings = new ArrayList<>();
            findings.addAll(balancesOffTheLedger(handle));
            findings.addAll(completedNotDebitedOnce(handle));
            findings.addAll(failedNotRefundedAsDebited(handle));
            findings.addAll(refundsNotMatchingTheirDebit(handle));
            findings.addAll(refundsWithoutAFailure(handle));
            return findings;
        });
    }

    private static List<Finding> balancesOffTheLedger(Handle handle) {
        return handle.createQuery("select a.id, a.credits, " + LEDGER_SUM + " as ledger"
                        + " from accounts a left join credit_ledger l on l.account_id = a.id"
                        + " group by a.id, a.credits having a.credits <> " + LEDGER_SUM)
                .map((rs, ctx) -> new Finding("balance_equals_ledger", rs.getString("id"),
                        "balance " + rs.getLong("credits") + ", ledger " + rs.getLong("ledger")))
                .list();
    }

    private static List<Finding> completedNotDebitedOnce(Handle handle) {
        return settlementsWhoseEntriesBreak(handle, "completed", "debits <> 1 or refunds <> 0",
                "completed_debited_once");
    }

    private static List<Finding> failedNotRefundedAsDebited(Handle handle) {
        return settlementsWhoseEntriesBreak(handle, "failed", "debits <> refunds", "failed_refunded_once");
    }

    /** Settled generations of one outcome whose debit and refund counts break {@code rule} ({@code condition}). */
    private static List<Finding> settlementsWhoseEntriesBreak(Handle handle, String outcome, String condition,
                                                            String rule) {
        return handle.createQuery("""
                        select generation_id, debits, refunds from (
                            select s.generation_id,
                                   count(*) filter (where l.entry = 'debit') as debits,
                                   count(*) filter (where l.entry = 'refund') as refunds
                            from generation_settlements s
                            left join credit_ledger l on l.generation_id = s.generation_id
                            where s.outcome = :outcome
                            group by s.generation_id) entries
                        where\s""" + condition)
                .bind("outcome", outcome)
                .map((rs, ctx) -> new Finding(rule, rs.getString("generation_id"),
                        rs.getLong("debits") + " debits, " + rs.getLong("refunds") + " refunds"))
                .list();
    }

    private static List<Finding> refundsNotMatchingTheirDebit(Handle handle) {
        return handle.createQuery("""
                        select r.generation_id, r.amount as refunded, d.amount as debited
                        from credit_ledger r
                        join credit_ledger d on d.generation_id = r.generation_id and d.entry = 'debit'
                        where r.entry = 'refund' and r.amount <> d.amount""")
                .map((rs, ctx) -> new Finding("refund_equals_debit", rs.getString("generation_id"),
                        "debited " + rs.getLong("debited") + ", refunded " + rs.getLong("refunded")))
                .list();
    }

    private static List<Finding> refundsWithoutAFailure(Handle handle) {
        return handle.createQuery("""
                        select l.generation_id from credit_ledger l
                        where l.entry = 'refund' and not exists (
                            select 1 from generation_settlements s
                            where s.generation_id = l.generation_id and s.outcome = 'failed')""")
                .map((rs, ctx) -> new Finding("refund_only_after_failure", rs.getString("generation_id"),
                        "refunded without a failed outcome"))
                .list();
    }
}
