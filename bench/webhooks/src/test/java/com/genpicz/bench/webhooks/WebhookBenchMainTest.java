package com.genpicz.bench.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookBenchMainTest {

    @Test
    void aShortRunDeliversEveryWebhookToTheHealthyDestinationsInBothPhases(@TempDir Path root) throws Exception {
        List<WebhookBenchMain.Round> rounds = WebhookBenchMain.bench(root, 20, 2, 1, 1);

        assertThat(rounds).hasSize(2).allSatisfy(round -> {
            assertThat(round.expected()).isPositive();
            assertThat(round.delivered()).isEqualTo(round.expected());
            assertThat(round.latencies()).hasSize(round.expected());
        });
        assertThat(rounds.get(1).sent()).isGreaterThan(rounds.get(1).expected());
    }
}
