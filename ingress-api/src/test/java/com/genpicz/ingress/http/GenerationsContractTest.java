package com.genpicz.ingress.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationDeleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import com.genpicz.ingress.accounts.Plan;
import com.genpicz.ingress.testing.ApiClient;
import com.genpicz.ingress.testing.IngressFixture;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Generations as a client sees them: creation, events on Kafka, idempotency, listing, deletion, isolation. */
@ExtendWith(RealInfrastructure.class)
class GenerationsContractTest {

    private static final Map<String, String> ASYNC = Map.of("Prefer", "respond-async");

    private static IngressFixture ingress;
    private static ApiClient api;
    private static KafkaConfig kafka;

    @BeforeAll
    static void start(TestInfrastructure infra) {
        ingress = IngressFixture.start(infra);
        api = ingress.api();
        kafka = new KafkaConfig(infra.kafkaBootstrapServers(), ingress.topics().prefix(), 1);
    }

    @AfterAll
    static void stop() {
        ingress.close();
    }

    @Test
    void anAcceptedGenerationIsPublishedAsARequestedEventKeyedByItsId() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String id = api.postJson("/generate", customer.key(), "{\"prompt\": \"a kite\", \"seed\": 7}", ASYNC)
                .body().get("generation_id").asText();

        GenerationRequested event = (GenerationRequested) awaitEvent(ingress.topics().generationRequested().name(), id);

        assertThat(event.accountId()).isEqualTo(customer.account().id());
        assertThat(event.spec().prompt()).isEqualTo("a kite");
        assertThat(event.spec().seed()).isEqualTo(7);
        assertThat(event.credits()).isEqualTo(1);
    }

    @Test
    void aSynchronousCallWithNothingBehindTheApiAnswers202AfterTheWaitBound() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);

        ApiClient.Response response = api.postJson("/generate", customer.key(), "{\"prompt\": \"slow\"}");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("status").asText()).isEqualTo("queued");
    }

    @Test
    void retryingWithTheSameIdempotencyKeyReturnsTheOriginalGenerationAndCreatesNoOther() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        Map<String, String> headers = Map.of("Prefer", "respond-async", "Idempotency-Key", "order-42");
        String body = "{\"prompt\": \"a boat\"}";

        String first = api.postJson("/generate", customer.key(), body, headers).body().get("generation_id").asText();
        ApiClient.Response retry = api.postJson("/generate", customer.key(), body, headers);

        assertThat(retry.body().get("generation_id").asText()).isEqualTo(first);
        assertThat(api.get("/generations", customer.key()).body().get("data")).hasSize(1);
        ApiClient.Response reused = api.postJson("/generate", customer.key(), "{\"prompt\": \"a car\"}", headers);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void concurrentRequestsWrittenInOneBatchEachGetTheirOwnOutcome() throws Exception {
        IngressFixture.Customer retrying = ingress.newCustomer(Plan.STUDIO, 100);
        IngressFixture.Customer broke = ingress.newCustomer(Plan.STUDIO, 1);
        Map<String, String> once = Map.of("Prefer", "respond-async", "Idempotency-Key", "burst-7");
        List<Callable<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> api.postJson("/generate", retrying.key(), "{\"prompt\": \"a kite\"}", once));
            calls.add(() -> api.postJson("/generate", broke.key(),
                    "{\"prompt\": \"x\", \"width\": 1920, \"height\": 1920}", ASYNC));
        }

        List<ApiClient.Response> responses = inParallel(calls);

        List<ApiClient.Response> retries = new ArrayList<>();
        for (int i = 0; i < responses.size(); i += 2) {
            retries.add(responses.get(i));
            assertThat(responses.get(i + 1).errorCode()).isEqualTo("insufficient_credits");
        }
        assertThat(retries).extracting(ApiClient.Response::status).containsOnly(202);
        assertThat(retries).extracting(r -> r.body().get("generation_id").asText()).containsOnly(
                retries.get(0).body().get("generation_id").asText());
        assertThat(api.get("/generations", retrying.key()).body().get("data")).hasSize(1);
        assertThat(api.get("/generations", broke.key()).body().get("data")).isEmpty();
    }

    private static List<ApiClient.Response> inParallel(List<Callable<ApiClient.Response>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> response : threads.invokeAll(calls)) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theSameIdempotencyKeyFromAnotherAccountIsAnIndependentRequest() {
        Map<String, String> headers = Map.of("Prefer", "respond-async", "Idempotency-Key", "shared-key");
        String a = api.postJson("/generate", ingress.newCustomer(Plan.PRO, 10).key(), "{\"prompt\": \"x\"}", headers)
                .body().get("generation_id").asText();
        String b = api.postJson("/generate", ingress.newCustomer(Plan.PRO, 10).key(), "{\"prompt\": \"x\"}", headers)
                .body().get("generation_id").asText();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void anAccountThatCannotPayGets402AndNothingIsCreated() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 1);

        ApiClient.Response response = api.postJson("/generate", customer.key(),
                "{\"prompt\": \"x\", \"width\": 1920, \"height\": 1920}", ASYNC);

        assertThat(response.status()).isEqualTo(402);
        assertThat(response.errorCode()).isEqualTo("insufficient_credits");
        assertThat(api.get("/generations", customer.key()).body().get("data")).isEmpty();
    }

    @Test
    void upscaleIsForbiddenOutsideTheStudioPlan() {
        ApiClient.Response response = api.postJson("/generate", ingress.newCustomer(Plan.PRO, 10).key(),
                "{\"prompt\": \"x\", \"upscale\": true}", ASYNC);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("plan_not_allowed");
        assertThat(response.body().path("error").path("param").asText()).isEqualTo("upscale");
        assertThat(api.postJson("/generate", ingress.newCustomer(Plan.STUDIO, 10).key(),
                "{\"prompt\": \"x\", \"upscale\": true}", ASYNC).status()).isEqualTo(202);
    }

    @Test
    void theListIsNewestFirstWithCursorPaginationAndAStatusFilter() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.postJson("/generate", customer.key(), "{\"prompt\": \"n" + i + "\"}", ASYNC)
                    .body().get("generation_id").asText());
        }

        JsonNode first = api.get("/generations?limit=2", customer.key()).body();
        JsonNode second = api.get("/generations?limit=2&starting_after=" + first.get("next_cursor").asText(),
                customer.key()).body();
        JsonNode last = api.get("/generations?limit=2&starting_after=" + second.get("next_cursor").asText(),
                customer.key()).body();

        assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(ids(second)).containsExactly(created.get(2), created.get(1));
        assertThat(ids(last)).containsExactly(created.get(0));
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(api.get("/generations?status=queued", customer.key()).body().get("data")).hasSize(5);
        assertThat(api.get("/generations?status=completed", customer.key()).body().get("data")).isEmpty();
        assertThat(api.get("/generations?status=done", customer.key()).errorCode()).isEqualTo("invalid_status");
        assertThat(api.get("/generations?limit=0", customer.key()).status()).isEqualTo(400);
        assertThat(api.get("/generations?limit=101", customer.key()).status()).isEqualTo(400);
        assertThat(api.get("/generations?limit=100", customer.key()).status()).isEqualTo(200);
    }

    @Test
    void aLongListIsGzippedForClientsThatAskForItAndReadsTheSame() throws Exception {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        for (int i = 0; i < 8; i++) {
            api.postJson("/generate", customer.key(), "{\"prompt\": \"a long list, item " + i + "\"}", ASYNC);
        }

        ApiClient.Response plain = api.get("/generations?limit=100", customer.key());
        ApiClient.Response gzipped = api.get("/generations?limit=100", customer.key(),
                Map.of("Accept-Encoding", "gzip"));

        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.body().get("data")).hasSize(8);
        assertThat(gzipped.status()).isEqualTo(200);
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(gzipped.raw().body()))) {
            assertThat(new ObjectMapper().readTree(unzipped)).isEqualTo(plain.body());
        }
    }

    @Test
    void deletingAGenerationHidesItAndAsksStorageToRemoveItsImage() {
        IngressFixture.Customer customer = ingress.newCustomer(Plan.PRO, 10);
        String id = api.postJson("/generate", customer.key(), "{\"prompt\": \"x\"}", ASYNC).body().get("generation_id").asText();

        ApiClient.Response deleted = api.delete("/generations/" + id, customer.key());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/generations/" + id, customer.key()).status()).isEqualTo(404);
        assertThat(api.delete("/generations/" + id, customer.key()).status()).isEqualTo(404);
        assertThat(awaitEvent(ingress.topics().generationDeleted().name(), id)).isInstanceOf(GenerationDeleted.class);
    }

    @Test
    void anotherAccountsGenerationIsNotFoundForReadingOrDeleting() {
        IngressFixture.Customer owner = ingress.newCustomer(Plan.PRO, 10);
        IngressFixture.Customer stranger = ingress.newCustomer(Plan.PRO, 10);
        String id = api.postJson("/generate", owner.key(), "{\"prompt\": \"x\"}", ASYNC).body().get("generation_id").asText();

        assertThat(api.get("/generations/" + id, stranger.key()).status()).isEqualTo(404);
        assertThat(api.delete("/generations/" + id, stranger.key()).status()).isEqualTo(404);
        assertThat(api.get("/generations", stranger.key()).body().get("data")).isEmpty();
        assertThat(api.get("/generations/" + id, owner.key()).status()).isEqualTo(200);
    }

    @Test
    void concurrentReadsOfOneGenerationByItsOwnerAndAStrangerStayIsolated() throws Exception {
        IngressFixture.Customer owner = ingress.newCustomer(Plan.STUDIO, 10);
        IngressFixture.Customer stranger = ingress.newCustomer(Plan.STUDIO, 10);
        String id = api.postJson("/generate", owner.key(), "{\"prompt\": \"x\"}", ASYNC).body().get("generation_id").asText();
        List<Callable<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> api.get("/generations/" + id, owner.key()));
            calls.add(() -> api.get("/generations/" + id, stranger.key()));
        }

        List<ApiClient.Response> responses = inParallel(calls);

        for (int i = 0; i < responses.size(); i += 2) {
            assertThat(responses.get(i).body().get("generation_id").asText()).isEqualTo(id);
            assertThat(responses.get(i + 1).status()).isEqualTo(404);
        }
    }

    @Test
    void unknownEndpointsAndMethodsAnswerWithTheErrorObject() {
        String key = ingress.newCustomer(Plan.PRO, 10).key();
        ApiClient.Response missing = api.get("/nothing-here", key);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(api.get("/generations/gen_doesnotexist00", key).errorCode()).isEqualTo("not_found");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(generation -> ids.add(generation.get("generation_id").asText()));
        return ids;
    }

    private static GenerationEvent awaitEvent(String topic, String generationId) {
        EventCodec codec = new EventCodec();
        try (KafkaConsumer<String, byte[]> consumer =
                     KafkaClients.consumer(kafka, "test-" + generationId, "test", 100, Duration.ofMinutes(1))) {
            consumer.subscribe(List.of(topic));
            return Eventually.await("an event for " + generationId + " on " + topic, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (generationId.equals(record.key())) {
                        assertThat(new String(record.headers().lastHeader(EventCodec.TYPE_HEADER).value(),
                                StandardCharsets.UTF_8)).isNotBlank();
                        return codec.decode(record.headers(), record.value());
                    }
                }
                return null;
            }, event -> event != null);
        }
    }
}
