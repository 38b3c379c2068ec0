package com.genpicz.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Every event that crosses a GenPicz topic. The set is closed so that consumers can switch over it exhaustively;
 * adding an event type is a contract change documented in docs/topics.md.
 */
public sealed interface GenerationEvent
        permits GenerationRequested, GenerationAuthorized, ImageRendered, GenerationCompleted, GenerationFailed,
                GenerationDeleted, GenerationStageTimed {

    /** Unique per event; consumers use it (or the generation id) to stay idempotent. */
    String eventId();

    /** The generation this event belongs to; also the Kafka record key, so one generation stays ordered. */
    String generationId();

    String accountId();

    Instant occurredAt();

    /** The wire name carried in the {@code genpicz-event-type} header and the body's {@code type} field. */
    @JsonProperty("type")
    default String type() {
        return EventType.of(getClass()).wireName();
    }

    /** The schema version carried in the {@code genpicz-schema-version} header and the body. */
    @JsonProperty("schema_version")
    default int schemaVersion() {
        return EventType.of(getClass()).schemaVersion();
    }
}
