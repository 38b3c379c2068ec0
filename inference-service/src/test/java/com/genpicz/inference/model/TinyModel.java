package com.genpicz.inference.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed model folders under models/ (the tiny random-weight one above all) from any module. */
public final class TinyModel {

    private TinyModel() {}

    public static Path folder() {
        return committed("tiny-random");
    }

    /** A model folder committed under models/ (e.g. "genpicz-mini"), found from the module or the repository root. */
    public static Path committed(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("models").resolve(name);
            if (Files.isRegularFile(candidate.resolve("model.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("models/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
