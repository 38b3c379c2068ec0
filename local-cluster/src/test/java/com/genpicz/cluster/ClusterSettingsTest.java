package com.genpicz.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.config.ConfigException;
import com.genpicz.common.config.Env;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void withoutOptionsEveryServiceRunsOnceOnTheDefaults() {
        ClusterSettings settings = ClusterSettings.from(new Env(Map.of()), List.of());

        assertThat(settings.cluster().instances()).hasSize(ServiceKind.values().length).allSatisfy(
                (kind, count) -> assertThat(count).isEqualTo(1));
        assertThat(settings.cluster().dataDir().getFileName()).hasToString(".genpicz-cluster");
        assertThat(settings.cluster().apiPort()).isEqualTo(8180);
        assertThat(settings.fresh()).isFalse();
    }

    @Test
    void aServiceFlagSetsThatServiceAndAllSetsTheRest() {
        ClusterSettings settings = ClusterSettings.from(new Env(Map.of()),
                List.of("--all", "2", "--inference", "3", "--fresh", "--api-port", "0"));

        assertThat(settings.cluster().instances()).containsEntry(ServiceKind.INFERENCE, 3)
                .containsEntry(ServiceKind.INGRESS, 2).containsEntry(ServiceKind.ACCOUNTING, 2);
        assertThat(settings.cluster().apiPort()).isZero();
        assertThat(settings.fresh()).isTrue();
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        assertThatThrownBy(() -> ClusterSettings.from(new Env(Map.of()),
                List.of("--inference", "0", "--turbo", "yes", "--storage")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--inference must be between 1 and 8 but is 0")
                .hasMessageContaining("unknown option --turbo")
                .hasMessageContaining("--storage needs a value");
    }
}
