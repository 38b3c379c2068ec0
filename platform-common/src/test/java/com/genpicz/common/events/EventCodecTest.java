package com.genpicz.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PipelineStage;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    private static final Instant AT = Instant.parse("2025-06-01T10:32:44.123Z");
    private static final GenerationSpec SPEC =
            new GenerationSpec("a red fox", "blurry", "cinematic", 1024, 768, Quality.STANDARD, 4829301L, true);
    private static final byte[] PNG = TestEvents.pngHeader(1024, 768);
    private static final String ACCOUNT = TestEvents.ACCOUNT;

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper();

    static Stream<GenerationEvent> oneEventOfEachType() {
        return Stream.of(
                new GenerationRequested("ev-1", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, SPEC, 5, "https://example.com/hook"),
                new GenerationAuthorized("ev-2", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, SPEC, 5, null),
                new ImageRendered("ev-3", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, 1024, 768, 4829301L, PNG,
                        "https://example.com/hook", true),
                new GenerationCompleted("ev-4", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT,
                        "https://cdn.genpicz.com/gen/Kz9mN4pQr2xTvW.png", "gen/Kz9mN4pQr2xTvW.png", 1024, 768, null),
                new GenerationFailed("ev-5", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, FailureCode.INSUFFICIENT_CREDITS,
                        "not enough", "https://example.com/hook"),
                new GenerationDeleted("ev-6", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, "gen/Kz9mN4pQr2xTvW.png"),
                new GenerationStageTimed("ev-7", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, PipelineStage.SAMPLE,
                        "inference-service", "inference-0", AT.minusMillis(40), AT.minusMillis(30), AT));
    }

    @Test
    void theExamplesCoverEveryEventType() {
        assertThat(oneEventOfEachType().map(GenerationEvent::type))
                .containsExactlyInAnyOrderElementsOf(Stream.of(EventType.values()).map(EventType::wireName).toList());
    }

    @ParameterizedTest
    @MethodSource("oneEventOfEachType")
    void everyEventTypeSurvivesARoundTripThroughValueAndHeaders(GenerationEvent event) {
        Headers headers = new RecordHeaders();
        codec.writeHeaders(event, headers);

        GenerationEvent decoded = codec.decode(headers, codec.encode(event));

        assertThat(decoded).isInstanceOf(event.getClass()).usingRecursiveComparison().isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("oneEventOfEachType")
    void headersCarryTheTypeTheSchemaVersionAndTheEventId(GenerationEvent event) {
        Headers headers = new RecordHeaders();
        codec.writeHeaders(event, headers);

        assertThat(header(headers, EventCodec.TYPE_HEADER)).isEqualTo(event.type());
        assertThat(header(headers, EventCodec.SCHEMA_VERSION_HEADER)).isEqualTo("1");
        assertThat(header(headers, EventCodec.EVENT_ID_HEADER)).isEqualTo(event.eventId());
    }

    @ParameterizedTest
    @MethodSource("oneEventOfEachType")
    void theBodyAloneIsEnoughToDecodeBecauseItRepeatsTypeAndVersion(GenerationEvent event) {
        GenerationEvent decoded = codec.decode(new RecordHeaders(), codec.encode(event));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void theJsonBodyUsesSnakeCaseNamesAndIsoTimestamps() throws Exception {
        GenerationRequested event = (GenerationRequested) oneEventOfEachType().findFirst().orElseThrow();

        JsonNode body = json.readTree(codec.encode(event));

        assertThat(fieldNames(body)).containsExactlyInAnyOrder("type", "schema_version", "event_id", "generation_id",
                "account_id", "occurred_at", "spec", "credits", "webhook_url");
        assertThat(fieldNames(body.get("spec"))).containsExactlyInAnyOrder("prompt", "negative_prompt", "style",
                "width", "height", "quality", "seed", "upscale");
        assertThat(body.get("type").asText()).isEqualTo("generation.requested");
        assertThat(body.get("schema_version").asInt()).isEqualTo(1);
        assertThat(body.get("occurred_at").asText()).isEqualTo("2025-06-01T10:32:44.123Z");
    }

    @Test
    void theImageTravelsAsBase64InTheBody() throws Exception {
        ImageRendered event = (ImageRendered) oneEventOfEachType()
                .filter(ImageRendered.class::isInstance).findFirst().orElseThrow();

        JsonNode body = json.readTree(codec.encode(event));

        assertThat(body.get("png").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(PNG));
    }

    @Test
    void fieldsAddedByANewerProducerOfTheSameVersionAreIgnored() throws Exception {
        GenerationFailed event = new GenerationFailed("ev", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, FailureCode.RENDER_FAILED, "boom", null);
        ObjectNode body = (ObjectNode) json.readTree(codec.encode(event));
        body.put("retry_hint", "later");

        GenerationEvent decoded = codec.decode(new RecordHeaders(), json.writeValueAsBytes(body));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void anUnknownEventTypeIsRejected() {
        Headers headers = new RecordHeaders();
        headers.add(EventCodec.TYPE_HEADER, utf8("generation.teleported"));

        assertThatThrownBy(() -> codec.decode(headers, utf8("{\"generation_id\":\"gen_1\"}")))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("unknown event type generation.teleported");
    }

    @Test
    void aNewerSchemaVersionThanThisBuildKnowsIsRejected() {
        GenerationFailed event = new GenerationFailed("ev", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, FailureCode.RENDER_FAILED, "boom", null);
        Headers headers = new RecordHeaders();
        headers.add(EventCodec.TYPE_HEADER, utf8(event.type()));
        headers.add(EventCodec.SCHEMA_VERSION_HEADER, utf8("2"));

        assertThatThrownBy(() -> codec.decode(headers, codec.encode(event)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("schema version 2 is newer than the supported 1");
    }

    @Test
    void theHeaderWinsOverTheBodyWhenTheyDisagreeAboutTheVersion() {
        GenerationFailed event = new GenerationFailed("ev", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, FailureCode.RENDER_FAILED, "boom", null);
        Headers headers = new RecordHeaders();
        headers.add(EventCodec.SCHEMA_VERSION_HEADER, utf8("3"));

        assertThatThrownBy(() -> codec.decode(headers, codec.encode(event)))
                .isInstanceOf(EventDecodingException.class)
                .hasMessageContaining("newer");
    }

    @Test
    void recordsThatAreNotEventsAreRejectedAsDecodingFailures() {
        List<byte[]> values = new ArrayList<>();
        values.add(utf8("not json at all"));
        values.add(utf8("{\"generation_id\":\"gen_1\"}"));
        values.add(utf8("{\"type\":\"generation.failed\",\"schema_version\":\"one\"}"));
        values.add(utf8("{\"type\":\"generation.failed\",\"occurred_at\":\"yesterday\"}"));
        values.add(null);

        for (byte[] value : values) {
            assertThatThrownBy(() -> codec.decode(new RecordHeaders(), value))
                    .as("decoding %s", value == null ? null : new String(value, StandardCharsets.UTF_8))
                    .isInstanceOf(EventDecodingException.class);
        }
    }

    @Test
    void aFailureCodeOrQualityThisBuildDoesNotKnowIsRejected() throws Exception {
        GenerationFailed failed = new GenerationFailed("ev", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, FailureCode.RENDER_FAILED,
                "boom", null);
        ObjectNode body = (ObjectNode) json.readTree(codec.encode(failed));
        body.put("code", "gremlins");

        assertThatThrownBy(() -> codec.decode(new RecordHeaders(), json.writeValueAsBytes(body)))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("gremlins");
    }

    @Test
    void anEventThatDecodesButBreaksTheContractIsRejectedWithTheEventAndEveryProblem() throws Exception {
        GenerationRequested forged = new GenerationRequested("ev", "gen_Kz9mN4pQr2xTvW", ACCOUNT, AT, SPEC, -50, null);

        assertThatThrownBy(() -> codec.decode(new RecordHeaders(), codec.encode(forged)))
                .isInstanceOfSatisfying(InvalidEventException.class, invalid -> {
                    assertThat(invalid.event()).isEqualTo(forged);
                    assertThat(invalid.problems()).containsExactly("credits must be the price of the spec, 5, but is -50");
                });
    }

    @Test
    void aBodyWithNoneOfTheFieldsIsRejectedEvenWhenTheHeaderNamesAType() {
        Headers headers = new RecordHeaders();
        headers.add(EventCodec.TYPE_HEADER, utf8("generation.requested"));

        assertThatThrownBy(() -> codec.decode(headers, utf8("{\"foo\":1}")))
                .isInstanceOfSatisfying(InvalidEventException.class, invalid -> assertThat(invalid.problems())
                        .contains("generation_id must be gen_ and 14 base62 characters but is missing", "spec is missing"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
