package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        BenchSettings settings = BenchSettings.parse(new String[0]);

        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.concurrency()).isEqualTo(48);
        assertThat(settings.accounts()).isEqualTo(500);
        assertThat(settings.outagePhases()).isTrue();
        assertThat(settings.postgresConfig()).isEmpty();
        assertThat(settings.poolSize()).isZero();
        assertThat(settings.postRate()).as("the issue's goal").isEqualTo(3_000);
        assertThat(settings.getRate()).as("the issue's goal").isEqualTo(10_000);
    }

    @Test
    void flagsOverrideTheDefaults() {
        BenchSettings settings = BenchSettings.parse(new String[] {"--duration", "7", "--concurrency", "64",
                "--no-outage", "--postgres-config", "synchronous_commit=off", "--pool-size", "16",
                "--data-dir", "/tmp/x", "--post-rate", "0", "--get-rate", "12000"});

        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.concurrency()).isEqualTo(64);
        assertThat(settings.outagePhases()).isFalse();
        assertThat(settings.postgresConfig()).isEqualTo(Map.of("synchronous_commit", "off"));
        assertThat(settings.poolSize()).isEqualTo(16);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(settings.postRate()).as("phase skipped").isZero();
        assertThat(settings.getRate()).isEqualTo(12_000);
    }

    @Test
    void unknownFlagsAndBadNumbersAreRefused() {
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--speed", "3"}))
                .hasMessageContaining("unknown option --speed");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--duration", "0"}))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--concurrency"}))
                .hasMessageContaining("missing value");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--postgres-config", "fsync"}))
                .hasMessageContaining("key=value");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--post-rate", "60000"}))
                .hasMessageContaining("--post-rate");
    }
}
