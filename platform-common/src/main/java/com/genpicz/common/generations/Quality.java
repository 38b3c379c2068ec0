package com.genpicz.common.generations;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The reference's quality names. What each means in steps and guidance is the loaded model's business. */
public enum Quality {
    STANDARD("standard"),
    HD("hd"),
    ULTRA("ultra");

    /** The reference's default. */
    public static final Quality DEFAULT = HD;

    private final String wireName;

    Quality(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Quality> fromWireName(String name) {
        return Arrays.stream(values()).filter(quality -> quality.wireName.equals(name)).findFirst();
    }

    /** For decoding: an unknown name is not a quality this build can price or render. */
    @JsonCreator
    static Quality decode(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown quality '" + name + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
