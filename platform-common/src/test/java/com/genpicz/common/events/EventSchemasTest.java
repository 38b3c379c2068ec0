package com.genpicz.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/schemas/v1 is the topics' machine-readable contract: every event the codec writes validates against its
 * schema, and a schema only grows within a version (compared with docs/schemas/baseline-v1, the schemas as
 * version 1 was published, which are never edited).
 */
class EventSchemasTest {

    private static final Path SCHEMAS = Path.of("../docs/schemas/v1");
    private static final Path BASELINE = Path.of("../docs/schemas/baseline-v1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationSpec SPEC =
            new GenerationSpec("a lighthouse at dusk", null, "cinematic", 512, 512, Quality.STANDARD, 42L, false);

    @Test
    void everyEventTypeHasASchemaForItsVersion() {
        for (EventType type : EventType.values()) {
            assertThat(schemaFile(SCHEMAS, type)).as(type.wireName()).exists();
            assertThat(type.schemaVersion()).as("a new version needs docs/schemas/v" + type.schemaVersion()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("producedEvents")
    void everyProducedEventValidatesAgainstItsSchema(GenerationEvent event) throws IOException {
        JsonNode encoded = JSON.readTree(new EventCodec().encode(event));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(schemaFile(SCHEMAS, EventType.of(event.getClass()))));

        List<Error> errors = schema.validate(encoded);

        assertThat(errors).as(encoded.toString()).isEmpty();
    }

    @Test
    void aSchemaThatBreaksItsContractIsCaught() throws IOException {
        JsonNode encoded = JSON.readTree(new EventCodec().encode(new GenerationFailed(Identifiers.eventId(),
                Identifiers.generationId(), Identifiers.accountId(), Instant.now(), FailureCode.DELETED, "gone",
                null)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) encoded).put("code", "on_fire");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(schemaFile(SCHEMAS, EventType.GENERATION_FAILED)));

        assertThat(schema.validate(encoded)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void withinAVersionASchemaOnlyGainsOptionalFields(EventType type) throws IOException {
        JsonNode published = JSON.readTree(schemaFile(BASELINE, type).toFile());
        JsonNode current = JSON.readTree(schemaFile(SCHEMAS, type).toFile());

        assertThat(names(current.get("required"))).as("required fields of " + type.wireName())
                .isEqualTo(names(published.get("required")));
        published.get("properties").fields().forEachRemaining(field ->
                assertThat(current.get("properties").get(field.getKey()))
                        .as(type.wireName() + "." + field.getKey() + " unchanged").isEqualTo(field.getValue()));
        assertThat(current.get("additionalProperties").asBoolean()).as("readers ignore unknown fields").isTrue();
    }

    static Stream<EventType> eventTypes() {
        return Stream.of(EventType.values());
    }

    static Stream<GenerationEvent> producedEvents() {
        String generation = Identifiers.generationId();
        String account = Identifiers.accountId();
        Instant now = Instant.now();
        int credits = PriceTable.creditsFor(SPEC);
        List<GenerationEvent> events = new ArrayList<>(List.of(
                new GenerationRequested(Identifiers.eventId(), generation, account, now, SPEC, credits,
                        "https://example.com/hooks"),
                new GenerationRequested(Identifiers.eventId(), generation, account, now, SPEC, credits, null),
                new GenerationAuthorized(Identifiers.eventId(), generation, account, now, SPEC, credits, null),
                new ImageRendered(Identifiers.eventId(), generation, account, now, 512, 512, 42L, new byte[] {1, 2},
                        null, true),
                new GenerationCompleted(Identifiers.eventId(), generation, account, now,
                        "https://cdn.example.com/gen/x.png", "gen/x.png", 512, 512, null),
                new GenerationDeleted(Identifiers.eventId(), generation, account, now, "gen/x.png"),
                new GenerationDeleted(Identifiers.eventId(), generation, account, now, null),
                new GenerationStageTimed(Identifiers.eventId(), generation, account, now, PipelineStage.RENDER,
                        "inference-service", "inference-0", now.minusMillis(20), now.minusMillis(10), now),
                new GenerationStageTimed(Identifiers.eventId(), generation, account, now, PipelineStage.WEBHOOK,
                        "webhook-service", "webhook-0", null, now.minusMillis(10), now)));
        for (FailureCode code : FailureCode.values()) {
            events.add(new GenerationFailed(Identifiers.eventId(), generation, account, now, code, "failed", null));
        }
        return events.stream();
    }

    private static Path schemaFile(Path folder, EventType type) {
        return folder.resolve(type.wireName() + ".schema.json");
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new java.util.TreeSet<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }
}
