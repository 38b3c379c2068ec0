package com.genpicz.bench.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

    @Test
    void readsNameParentAndTicksEvenWhenTheNameHasSpacesAndParentheses(@TempDir Path dir) throws IOException {
        Path stat = dir.resolve("stat");
        // Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime …
        Files.writeString(stat, "4242 (kafka (x) thread) S 17 4242 4242 0 -1 4194560 10 0 0 0 120 30 7 3 20 0 1\n");

        ProcStat parsed = ProcStat.read(stat);

        assertThat(parsed).isEqualTo(new ProcStat("kafka (x) thread", 17, 150, 10));
    }

    @Test
    void ownThreadsAreReadableOnLinux() {
        ProcStat self = ProcStat.read(Path.of("/proc/self/stat"));

        assertThat(self).isNotNull();
        assertThat(self.parentPid()).isPositive();
    }

    @Test
    void aVanishedProcessGivesNull(@TempDir Path dir) {
        assertThat(ProcStat.read(dir.resolve("gone"))).isNull();
    }
}
