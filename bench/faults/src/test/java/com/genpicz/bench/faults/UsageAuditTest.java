package com.genpicz.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageAuditTest {

    @Test
    void anAccountWhoseUsageCountedAGenerationTwiceOrMissedARefundDisagrees() {
        List<Audit.Row> rows = List.of(row("gen_a", "acct_1", "completed"), row("gen_b", "acct_1", "failed"),
                row("gen_c", "acct_2", "completed"));
        Map<String, UsageAudit.Totals> expected = UsageAudit.expected(rows, Map.of("acct_1", 1L, "acct_2", 1L));

        List<String> agreeing = UsageAudit.mismatches(expected, Map.of(
                "acct_1", new UsageAudit.Totals(2, 1, 1, 1), "acct_2", new UsageAudit.Totals(1, 1, 0, 1)));
        List<String> disagreeing = UsageAudit.mismatches(expected, Map.of(
                "acct_1", new UsageAudit.Totals(3, 1, 1, 1), "acct_2", new UsageAudit.Totals(1, 1, 0, 2)));

        assertThat(agreeing).isEmpty();
        assertThat(disagreeing).hasSize(2).anySatisfy(line -> assertThat(line).startsWith("acct_1:"))
                .anySatisfy(line -> assertThat(line).startsWith("acct_2:"));
    }

    private static Audit.Row row(String id, String account, String status) {
        return new Audit.Row(id, account, status, status.equals("failed") ? "deleted" : null, false, false, null,
                null, Instant.now(), 1, status.equals("failed") ? 1 : 0, status);
    }
}
