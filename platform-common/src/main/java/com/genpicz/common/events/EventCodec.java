package com.genpicz.common.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns events into Kafka record values (snake_case JSON) and headers, and back.
 *
 * <p>Readers ignore fields they do not know so that adding an optional field stays a compatible change within a
 * schema version; a higher schema version than this build knows is refused rather than half-understood, and so
 * are enum values (qualities, failure codes) it does not know.
 */
public final class EventCodec {

    public static final String TYPE_HEADER = "genpicz-event-type";
    public static final String SCHEMA_VERSION_HEADER = "genpicz-schema-version";
    public static final String EVENT_ID_HEADER = "genpicz-event-id";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<EventType, ObjectReader> readers = new EnumMap<>(EventType.class);

    public EventCodec() {
        for (EventType type : EventType.values()) {
            readers.put(type, mapper.readerFor(type.recordType()));
        }
    }

    public byte[] encode(GenerationEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.type() + " " + event.generationId(), e);
        }
    }

    /** Adds the type, schema version and event id headers that routers and analytics read without parsing. */
    public void writeHeaders(GenerationEvent event, Headers headers) {
        headers.add(TYPE_HEADER, utf8(event.type()));
        headers.add(SCHEMA_VERSION_HEADER, utf8(Integer.toString(event.schemaVersion())));
        headers.add(EVENT_ID_HEADER, utf8(event.eventId()));
    }

    /**
     * Reads an event and checks its {@link EventInvariants}: {@link InvalidEventException} (with the event) when it
     * decodes but breaks the contract, {@link EventDecodingException} when it cannot be read at all.
     */
    public GenerationEvent decode(Headers headers, byte[] value) {
        return EventInvariants.require(decodeUnchecked(headers, value));
    }

    private GenerationEvent decodeUnchecked(Headers headers, byte[] value) {
        if (value == null) {
            throw new EventDecodingException("record has no value");
        }
        try {
            String typeHeader = header(headers, TYPE_HEADER);
            String versionHeader = header(headers, SCHEMA_VERSION_HEADER);
            if (typeHeader != null && versionHeader != null) {
                // Every producer of ours writes both headers. Reading straight into the record skips building a
                // tree first: decoding was a fifth of a webhook worker's CPU in bench/webhooks.
                EventType type = known(typeHeader);
                requireSupported(type, parseVersion(versionHeader));
                return readers.get(type).readValue(value);
            }
            JsonNode tree = mapper.readTree(value);
            EventType type = typeOf(headers, tree);
            requireSupported(type, versionOf(headers, tree));
            return mapper.treeToValue(tree, type.recordType());
        } catch (IOException | IllegalArgumentException e) {
            throw new EventDecodingException("malformed event: " + e.getMessage(), e);
        }
    }

    private static void requireSupported(EventType type, int version) {
        if (version > type.schemaVersion()) {
            throw new EventDecodingException(type.wireName() + " schema version " + version
                    + " is newer than the supported " + type.schemaVersion());
        }
    }

    private static String header(Headers headers, String name) {
        Header last = headers == null ? null : headers.lastHeader(name);
        return last == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    private static EventType known(String wireName) {
        return EventType.fromWireName(wireName)
                .orElseThrow(() -> new EventDecodingException("unknown event type " + wireName));
    }

    private static EventType typeOf(Headers headers, JsonNode tree) {
        String wireName = headerOrField(headers, TYPE_HEADER, tree, "type");
        if (wireName == null) {
            throw new EventDecodingException("event has no type");
        }
        return known(wireName);
    }

    private static int versionOf(Headers headers, JsonNode tree) {
        String version = headerOrField(headers, SCHEMA_VERSION_HEADER, tree, "schema_version");
        return version == null ? 1 : parseVersion(version);
    }

    private static int parseVersion(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new EventDecodingException("schema version is not a number: " + version);
        }
    }

    private static String headerOrField(Headers headers, String header, JsonNode tree, String field) {
        Header last = headers == null ? null : headers.lastHeader(header);
        if (last != null) {
            return new String(last.value(), StandardCharsets.UTF_8);
        }
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
