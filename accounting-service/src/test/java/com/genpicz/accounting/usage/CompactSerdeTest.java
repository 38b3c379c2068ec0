package com.genpicz.accounting.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CompactSerdeTest {

    @Test
    void aTallyWithEveryFieldAndOneWithNoneReadBackEqual() {
        TallySerde serde = new TallySerde();
        GenerationTally full = new GenerationTally("acct_x", Instant.parse("2026-12-02T10:00:00.123456789Z"), "hd",
                "1024x1024", "cinematic", 4, true, "failed", "render_failed", Instant.parse("2026-12-02T10:00:09Z"),
                true, Instant.parse("2026-12-02T10:00:00Z"));

        for (GenerationTally tally : new GenerationTally[] {full, GenerationTally.unknown()}) {
            byte[] bytes = serde.serializer().serialize("t", tally);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(tally);
        }
    }

    @Test
    void aUsageTotalReadsBackEqual() {
        UsageSerde serde = new UsageSerde();
        Usage usage = new Usage(1, "acct_x", "month", "2026-12", 5, 1, 4, Map.of("deleted", 1L, "render_failed", 3L),
                1, 8, 7, Map.of("hd", 2L), Map.of("512x512", 5L), Map.of("auto", 5L), 2_000);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", usage))).isEqualTo(usage);
    }

    @Test
    void anUnknownFormatIsRefusedRatherThanMisread() {
        assertThatThrownBy(() -> new UsageSerde().deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class);
    }
}
