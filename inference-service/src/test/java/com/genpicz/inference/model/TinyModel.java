package com.genpicz.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed tiny random-weight model (models/tiny-random) from the module or the repository root. */
public final class TinyModel {

    private TinyModel() {}

    public static Path folder() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("models").resolve("tiny-random");
            if (Files.isRegularFile(candidate.resolve("model.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("models/tiny-random not found above " + Path.of("").toAbsolutePath());
    }
}
