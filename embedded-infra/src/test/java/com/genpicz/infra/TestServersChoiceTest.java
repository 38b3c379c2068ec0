package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.infra.TestServers.Kind;
import org.junit.jupiter.api.Test;

class TestServersChoiceTest {

    @Test
    void inProcessServersAreTheDefault() {
        assertThat(TestServers.choose(null, () -> true)).isEqualTo(Kind.EMBEDDED);
        assertThat(TestServers.choose("embedded", () -> true)).isEqualTo(Kind.EMBEDDED);
    }

    @Test
    void testcontainersAreUsedWhenAskedForAndDockerAnswers() {
        assertThat(TestServers.choose("Testcontainers", () -> true)).isEqualTo(Kind.TESTCONTAINERS);
    }

    @Test
    void askingForTestcontainersWithoutDockerFailsInsteadOfFallingBackToTheEmbeddedServers() {
        assertThatThrownBy(() -> TestServers.choose("testcontainers", () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine");
    }

    @Test
    void anUnknownModeIsRejected() {
        assertThatThrownBy(() -> TestServers.choose("docker", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GENPICZ_TEST_INFRA");
    }
}
