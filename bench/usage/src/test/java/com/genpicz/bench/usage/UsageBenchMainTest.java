package com.genpicz.bench.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageBenchMainTest {

    @Test
    void aShortRunCountsTheWholeBacklogAndEveryEventOfTheFixedRatePhase(@TempDir Path root) throws Exception {
        UsageBenchMain.Result result = UsageBenchMain.bench(root, 3_000, 100, 2);

        assertThat(result.eventsPerSecond()).isPositive();
        assertThat(result.lagMillis()).hasSize(200);
    }
}
