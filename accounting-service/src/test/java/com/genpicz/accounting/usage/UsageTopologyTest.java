package com.genpicz.accounting.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.topics.TopicCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UsageTopologyTest {

    /** docs/usage-topology.txt is the topology's own description; this keeps the two from drifting apart. */
    @Test
    void theDocumentedTopologyIsTheOneThatRuns() throws Exception {
        String described = UsageTopology.build(TopicCatalog.withDefaultPrefix()).describe().toString();
        Path documented = Path.of("../docs/usage-topology.txt");
        if (Boolean.getBoolean("genpicz.writeTopology")) {
            Files.writeString(documented, described);
        }

        assertThat(Files.readString(documented)).isEqualTo(described);
    }
}
