package com.genpicz.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The local stacks' data folders: wiped for a fresh start. */
public final class DataFolders {

    private DataFolders() {
    }

    /** Deletes {@code folder} and everything in it; a folder that is not there is fine. */
    public static void wipe(Path folder) {
        wipeExcept(folder, null);
    }

    /** Deletes everything in {@code folder} but {@code keep} (and the folders above it); null keeps nothing. */
    static void wipeExcept(Path folder, Path keep) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .filter(path -> keep == null || !keep.startsWith(path))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + folder, e);
        }
    }
}
