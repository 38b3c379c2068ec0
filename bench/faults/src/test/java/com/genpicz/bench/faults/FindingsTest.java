package com.genpicz.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FindingsTest {

    private static final FaultAccounts.Account ACCOUNT = new FaultAccounts.Account("acct_1", "gp_live_x", "whsec", 10);

    @Test
    void aCleanRunHasNoViolations() {
        Audit.Row done = completed("gen_a", true);
        Findings findings = new Findings(evidence(List.of(done), List.of(delivery("gen_a", "generation.completed", "m1")),
                Set.of("gen/a.png"), 9, 1));

        assertThat(findings.violations()).isEmpty();
        assertThat(findings.completed).isEqualTo(1);
        assertThat(findings.webhookGenerations).isEqualTo(1);
    }

    @Test
    void anUnfinishedGenerationIsLostAndAFailureKeepingItsDebitIsAMissingRefund() {
        Audit.Row stuck = new Audit.Row("gen_s", "acct_1", "processing", null, false, false, null, null, Instant.now(),
                1, 0, null);
        Audit.Row failed = new Audit.Row("gen_f", "acct_1", "failed", "timed_out", false, false, null, null,
                Instant.now(), 1, 0, "failed");

        Findings findings = new Findings(evidence(List.of(stuck, failed), List.of(), Set.of(), 8, 2));

        assertThat(findings.violations()).containsEntry("lost", 1).containsEntry("missing refunds", 1);
    }

    @Test
    void aDuplicateDeliveryIsOnlyAcceptableWithTheSameWebhookIdAndAWebhookInstanceKilledInBetween() {
        Audit.Row done = completed("gen_a", true);
        List<WebhookReceiver.Delivery> sameId = List.of(delivery("gen_a", "generation.completed", "m1", 10),
                delivery("gen_a", "generation.completed", "m1", 20));

        Findings killed = new Findings(evidence(List.of(done), sameId, Set.of("gen/a.png"), 9, 1, List.of(15L)));
        Findings notKilled = new Findings(evidence(List.of(done), sameId, Set.of("gen/a.png"), 9, 1,
                List.of(25L)));
        Findings other = new Findings(evidence(List.of(done), List.of(delivery("gen_a", "generation.completed", "m1"),
                delivery("gen_a", "generation.completed", "m2")), Set.of("gen/a.png"), 9, 1));

        assertThat(killed.violations()).isEmpty();
        assertThat(killed.duplicatesSameId).hasSize(1);
        assertThat(notKilled.violations())
                .containsEntry("duplicate webhooks with nothing interrupted in between", 1);
        assertThat(other.violations()).containsEntry("duplicate webhooks with different ids", 1);
    }

    @Test
    void aDeletedGenerationMustSendNoWebhookAndLeaveNoImage() {
        Audit.Row deleted = new Audit.Row("gen_d", "acct_1", "failed", "deleted", true, true, null, null,
                Instant.now(), 1, 1, "failed");

        Findings findings = new Findings(evidence(List.of(deleted),
                List.of(delivery("gen_d", "generation.failed", "m1")), Set.of("gen/d.png"), 10, 0));

        assertThat(findings.violations()).containsEntry("webhooks for the wrong outcome", 1)
                .containsEntry("orphan objects", 1);
    }

    @Test
    void aBalanceThatDoesNotMatchTheLedgerIsReported() {
        Findings findings = new Findings(evidence(List.of(completed("gen_a", false)), List.of(), Set.of("gen/a.png"),
                7, 1));

        assertThat(findings.violations()).containsOnlyKeys("balances that do not match the ledger");
    }

    @Test
    void anObjectKeyNamesItsGeneration() {
        assertThat(Findings.generationOf("gen/Kz9mN4pQr2xTvW.png")).isEqualTo("gen_Kz9mN4pQr2xTvW");
    }

    private static Audit.Row completed(String id, boolean webhook) {
        return new Audit.Row(id, "acct_1", "completed", null, false, webhook, "http://s3/" + id,
                "gen/" + id.substring(4) + ".png", Instant.now(), 1, 0, "completed");
    }

    private static Findings.Evidence evidence(List<Audit.Row> rows, List<WebhookReceiver.Delivery> deliveries,
                                              Set<String> keys, long balance, long netCharge) {
        return evidence(rows, deliveries, keys, balance, netCharge, List.of());
    }

    private static Findings.Evidence evidence(List<Audit.Row> rows, List<WebhookReceiver.Delivery> deliveries,
                                              Set<String> keys, long balance, long netCharge,
                                              List<Long> webhookKillSeconds) {
        return new Findings.Evidence(rows, List.of(), deliveries, keys, Map.of("acct_1", balance),
                Map.of("acct_1", netCharge), List.of(ACCOUNT), url -> true,
                webhookKillSeconds.stream().map(seconds -> seconds * 1_000_000_000L).toList(), 0);
    }

    private static WebhookReceiver.Delivery delivery(String generation, String event, String webhookId) {
        return delivery(generation, event, webhookId, 0);
    }

    private static WebhookReceiver.Delivery delivery(String generation, String event, String webhookId,
                                                     long receivedSecond) {
        byte[] body = ("{\"generation_id\":\"" + generation + "\"}").getBytes(StandardCharsets.UTF_8);
        return new WebhookReceiver.Delivery(generation, event, webhookId, sign(body), body,
                receivedSecond * 1_000_000_000L);
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ACCOUNT.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
