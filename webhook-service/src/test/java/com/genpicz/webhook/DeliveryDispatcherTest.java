package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.db.Database;
import com.genpicz.common.webhooks.WebhookUrlPolicy;
import com.genpicz.infra.Eventually;
import com.genpicz.infra.RealInfrastructure;
import com.genpicz.infra.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealInfrastructure.class)
class DeliveryDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PAYLOAD = "{\"event\":\"generation.completed\",\"generation_id\":\"gen_x\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final List<DeliveryDispatcher> dispatchers = new ArrayList<>();
    private Database database;
    private WebhookTables tables;
    private DeliveryStore store;
    private WebhookReceiver receiver;

    @BeforeEach
    void start(TestInfrastructure infra) {
        database = WebhookTables.migratedDatabase(infra.newDatabase());
        tables = new WebhookTables(database.jdbi());
        store = new DeliveryStore(database.jdbi());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        dispatchers.forEach(DeliveryDispatcher::close);
        receiver.close();
        database.close();
    }

    @Test
    void aQueuedWebhookIsDeliveredOnceWithBothSignaturesAndItsEventType() throws Exception {
        String generation = tables.generation(Instant.now());
        store.enqueue(generation, "generation.completed", receiver.url("/hooks/genpicz"), PAYLOAD);

        dispatcher(false, 5).wake();

        awaitStatus(generation, "delivered");
        assertThat(receiver.requests()).hasSize(1);
        WebhookReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/genpicz");
        assertThat(request.body()).isEqualTo(PAYLOAD);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-GenPicz-Event")).isEqualTo("generation.completed");
        assertThat(request.header("X-GenPicz-Signature"))
                .isEqualTo(HexFormat.of().formatHex(hmac(WebhookTables.SECRET.getBytes(StandardCharsets.UTF_8), PAYLOAD)));
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).isEqualTo("msg_" + generation + "_generation.completed");
        assertThat(Long.parseLong(timestamp)).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
        byte[] standardKey = Base64.getDecoder().decode(WebhookTables.SECRET.substring("whsec_".length()));
        byte[] signedContent = (id + "." + timestamp + "." + new String(PAYLOAD, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        assertThat(request.header("webhook-signature"))
                .isEqualTo("v1," + Base64.getEncoder().encodeToString(hmac(standardKey, signedContent)));
        assertThat(tables.delivery(generation)).containsEntry("attempts", 1).containsEntry("last_status", 200);
    }

    @Test
    void aReceiverThatFailsAtFirstIsRetriedWithTheSameMessageUntilItAccepts() {
        receiver.answering(500, 503);
        String generation = tables.generation(Instant.now());
        store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD);

        dispatcher(false, 5).wake();

        awaitStatus(generation, "delivered");
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(request -> request.header("webhook-id")).containsOnly(
                "msg_" + generation + "_generation.completed");
        assertThat(requests).allSatisfy(request -> assertThat(request.body()).isEqualTo(PAYLOAD));
        assertThat(tables.delivery(generation)).containsEntry("attempts", 3).containsEntry("last_status", 200);
    }

    @Test
    void aDeliveryIsAbandonedAfterTheMaximumNumberOfAttempts() {
        receiver.answering(500, 500, 500, 500, 500, 500);
        String generation = tables.generation(Instant.now());
        store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD);

        dispatcher(false, 3).wake();

        awaitStatus(generation, "abandoned");
        assertThat(tables.delivery(generation))
                .containsEntry("attempts", 3)
                .containsEntry("last_status", 500)
                .containsEntry("last_error", "HTTP 500");
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void aRedirectIsNotFollowedBecauseItCouldLeadPastTheDestinationCheck() {
        receiver.answering(302);
        String generation = tables.generation(Instant.now());
        store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD);

        dispatcher(false, 1).wake();

        awaitStatus(generation, "abandoned");
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::path).containsExactly("/hook");
        assertThat(tables.delivery(generation)).containsEntry("last_status", 302);
    }

    @Test
    void inProductionALoopbackDestinationIsRefusedWithoutBeingCalled() {
        String generation = tables.generation(Instant.now());
        store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD);

        dispatcher(true, 5).wake();

        awaitStatus(generation, "abandoned");
        assertThat(tables.delivery(generation).get("last_error").toString()).contains("https");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aQueuedWebhookIsQueuedOnlyOnceEvenAfterItWasDelivered() {
        String generation = tables.generation(Instant.now());
        assertThat(store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD)).isTrue();
        dispatcher(false, 5).wake();
        awaitStatus(generation, "delivered");

        boolean queuedAgain = store.enqueue(generation, "generation.completed", receiver.url("/hook"), PAYLOAD);

        assertThat(queuedAgain).isFalse();
        assertThat(tables.delivery(generation)).containsEntry("status", "delivered");
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void twoDispatchersSharingTheQueueDeliverEachWebhookOnce() {
        List<String> generations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String generation = tables.generation(Instant.now());
            generations.add(generation);
            store.enqueue(generation, "generation.completed", receiver.url("/hook/" + generation), PAYLOAD);
        }

        dispatcher(false, 5).wake();
        dispatcher(false, 5).wake();

        generations.forEach(generation -> awaitStatus(generation, "delivered"));
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::path)
                .hasSize(20)
                .doesNotHaveDuplicates();
    }

    private DeliveryDispatcher dispatcher(boolean production, int maxAttempts) {
        WebhookConfig config = new WebhookConfig(null, null, production, Duration.ofSeconds(5),
                Duration.ofMillis(200), maxAttempts);
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, new WebhookUrlPolicy(production), config);
        dispatchers.add(dispatcher);
        return dispatcher.start();
    }

    private void awaitStatus(String generation, String status) {
        Map<String, Object> row = Eventually.await(generation + " " + status, WAIT,
                () -> tables.delivery(generation), delivery -> status.equals(delivery.get("status")));
        assertThat(row).containsEntry("status", status);
    }

    private static byte[] hmac(byte[] key, byte[] content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content);
    }
}
