package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells a data directory whose owner is merely dead from one that a live JVM still uses.
 *
 * <p>zonky holds an OS file lock on {@code epg-lock} while its server runs. The OS drops it when the owning JVM
 * dies, so a lock we can take means any postgres still on the directory is an orphan that may be stopped;
 * a lock we cannot take means another live server owns it, which must not be killed.
 */
final class DataDirectoryLock {

    private static final String LOCK_FILE = "epg-lock";

    private DataDirectoryLock() {
    }

    static void requireNoLiveOwner(Path dataDir) {
        Path lockFile = dataDir.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + lockFile, e);
        }
    }

    private static IllegalStateException inUse(Path dataDir) {
        return new IllegalStateException("PostgreSQL data directory " + dataDir + " is in use by a running server");
    }
}
