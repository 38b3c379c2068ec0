package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lock over a whole local data folder (Kafka's log, PostgreSQL's cluster, the S3 objects), held while a local
 * stack or cluster runs on it. PostgreSQL locks its own directory, but the embedded broker and S3 server do not: a
 * second stack on the same folder once corrupted the first one's Kafka metadata log. The OS releases the lock
 * when its process dies, so a crash never leaves the folder locked. The file holds the owner's process id, which
 * a refused second start names.
 */
public final class DataRootLock implements AutoCloseable {

    private static final String FILE = "genpicz.lock";

    private final Path dataRoot;
    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(Path dataRoot, FileChannel channel, FileLock lock) {
        this.dataRoot = dataRoot;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or throws naming the process that holds it. */
    public static DataRootLock acquire(Path dataRoot) {
        Path file = dataRoot.resolve(FILE);
        try {
            Files.createDirectories(dataRoot);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new IllegalStateException(dataRoot.toAbsolutePath() + " is in use by another GenPicz process"
                        + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                        + "; stop it first, or give this one another data folder");
            }
            byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataRootLock(dataRoot, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
    }

    private static String owner(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    /** Deletes everything in the folder but the lock itself, which must stay the one file others try to lock. */
    public void wipeEverythingElse() {
        DataFolders.wipeExcept(dataRoot, dataRoot.resolve(FILE));
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the channel, and with the process at the latest.
        }
    }
}
