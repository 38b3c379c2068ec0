package com.genpicz.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootLockTest {

    @Test
    void aSecondStackOnTheSameFolderIsRefusedNamingTheProcessThatHoldsIt(@TempDir Path folder) {
        try (DataRootLock first = DataRootLock.acquire(folder)) {
            assertThatThrownBy(() -> DataRootLock.acquire(folder))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another GenPicz process (pid " + ProcessHandle.current().pid()
                            + ")");
        }
        DataRootLock.acquire(folder).close();
    }

    @Test
    void wipingUnderTheLockKeepsOnlyTheLockItself(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("kafka/meta"));
        Files.writeString(folder.resolve("kafka/meta/log"), "x");
        Files.writeString(folder.resolve("admin-token"), "t");
        try (DataRootLock lock = DataRootLock.acquire(folder)) {
            lock.wipeEverythingElse();

            try (var left = Files.list(folder)) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly("genpicz.lock");
            }
            assertThatThrownBy(() -> DataRootLock.acquire(folder)).isInstanceOf(IllegalStateException.class);
        }
    }
}
