package com.genpicz.common.events;

import java.util.Arrays;
import java.util.Optional;

/** The wire name and current schema version of each event record. */
public enum EventType {
    GENERATION_REQUESTED("generation.requested", 1, GenerationRequested.class),
    GENERATION_AUTHORIZED("generation.authorized", 1, GenerationAuthorized.class),
    IMAGE_RENDERED("image.rendered", 1, ImageRendered.class),
    GENERATION_COMPLETED("generation.completed", 1, GenerationCompleted.class),
    GENERATION_FAILED("generation.failed", 1, GenerationFailed.class),
    GENERATION_DELETED("generation.deleted", 1, GenerationDeleted.class);

    private final String wireName;
    private final int schemaVersion;
    private final Class<? extends GenerationEvent> recordType;

    EventType(String wireName, int schemaVersion, Class<? extends GenerationEvent> recordType) {
        this.wireName = wireName;
        this.schemaVersion = schemaVersion;
        this.recordType = recordType;
    }

    public String wireName() {
        return wireName;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Class<? extends GenerationEvent> recordType() {
        return recordType;
    }

    public static EventType of(Class<?> recordType) {
        return Arrays.stream(values())
                .filter(type -> type.recordType == recordType)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event record: " + recordType));
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
