package com.genpicz.common.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The wire name and current schema version of each event record. */
public enum EventType {
    GENERATION_REQUESTED("generation.requested", 1, GenerationRequested.class),
    GENERATION_AUTHORIZED("generation.authorized", 1, GenerationAuthorized.class),
    IMAGE_RENDERED("image.rendered", 1, ImageRendered.class),
    GENERATION_COMPLETED("generation.completed", 1, GenerationCompleted.class),
    GENERATION_FAILED("generation.failed", 1, GenerationFailed.class),
    GENERATION_DELETED("generation.deleted", 1, GenerationDeleted.class),
    GENERATION_STAGE_TIMED("generation.stage_timed", 1, GenerationStageTimed.class);

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

    /** Looked up for every event encoded or decoded, so by map rather than by a scan of the values. */
    private static final Map<Class<?>, EventType> BY_RECORD_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::recordType, Function.identity()));
    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    public static EventType of(Class<?> recordType) {
        EventType type = BY_RECORD_TYPE.get(recordType);
        if (type == null) {
            throw new IllegalArgumentException("not an event record: " + recordType);
        }
        return type;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
