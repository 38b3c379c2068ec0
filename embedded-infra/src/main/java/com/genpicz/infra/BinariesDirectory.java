package com.genpicz.infra;

import java.nio.file.Path;

/**
 * Where zonky unpacks the PostgreSQL binaries: one shared folder per OS user, so that every JVM after the first
 * skips the unpacking.
 */
final class BinariesDirectory {

    private BinariesDirectory() {
    }

    static Path path() {
        return Path.of(System.getProperty("java.io.tmpdir"), "genpicz-embedded-pg-" + System.getProperty("user.name"));
    }
}
