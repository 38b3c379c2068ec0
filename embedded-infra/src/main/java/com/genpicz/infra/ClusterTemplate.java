package com.genpicz.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A freshly initialised, cleanly stopped PostgreSQL cluster kept next to the unpacked binaries. Copying it into an
 * empty data directory gives the same result as initdb in a fraction of the time, which matters because every
 * test JVM starts from a fresh data directory.
 */
final class ClusterTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTemplate.class);
    private static final String BINARIES_ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Object CREATION = new Object();

    private ClusterTemplate() {
    }

    /** Fills {@code dataDir} from the template when it holds no cluster yet; leaves existing clusters alone. */
    static void copyIntoIfFresh(Path dataDir) {
        try {
            if (Files.exists(dataDir.resolve("PG_VERSION")) || !isEmptyOrMissing(dataDir)) {
                return;
            }
            Path template = template();
            long started = System.nanoTime();
            copyTree(template, dataDir);
            LOG.debug("Copied cluster template into {} in {} ms", dataDir, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare PostgreSQL data directory " + dataDir, e);
        }
    }

    private static Path template() throws IOException {
        Path binaries = BinariesDirectory.path();
        Path template = binaries.resolve("cluster-template-" + binariesKey());
        if (Files.exists(template.resolve("PG_VERSION"))) {
            return template;
        }
        Files.createDirectories(binaries);
        // One JVM at a time creates it: a thread lock inside this JVM, a file lock across JVMs.
        synchronized (CREATION) {
            try (FileChannel channel = FileChannel.open(binaries.resolve("cluster-template.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(template.resolve("PG_VERSION"))) {
                    create(binaries, template);
                }
            }
        }
        return template;
    }

    /** initdb through zonky into a scratch folder, then an atomic rename so no one ever sees half a template. */
    private static void create(Path binaries, Path template) throws IOException {
        long started = System.nanoTime();
        Path scratch = binaries.resolve(template.getFileName() + ".tmp-" + UUID.randomUUID());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(scratch)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPort(FreePort.pick())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        postgres.close();
        // zonky deletes folders in its working directory that carry an old lock file; the template must not.
        Files.deleteIfExists(scratch.resolve("epg-lock"));
        try {
            Files.move(scratch, template, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            deleteTree(scratch);
        }
        LOG.info("Created PostgreSQL cluster template {} in {} ms", template, (System.nanoTime() - started) / 1_000_000);
    }

    /** The template belongs to one build of the binaries: a different binaries jar gets its own. */
    private static String binariesKey() {
        URL archive = ClusterTemplate.class.getClassLoader().getResource(BINARIES_ARCHIVE);
        String identity = archive == null ? "unknown" : archive.toString();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
    }

    private static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
