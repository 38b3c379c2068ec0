package com.genpicz.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.kafka.StageRecorder;
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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dispatcher against real receivers on loopback and a real database. */
@ExtendWith(RealInfrastructure.class)
class DeliveryDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<Duration> QUICK_RETRIES = List.of(Duration.ofMillis(200), Duration.ofMillis(200));

    private final List<DeliveryDispatcher> dispatchers = new ArrayList<>();
    private final List<AutoCloseable> receivers = new ArrayList<>();
    private final FixedSecrets secrets = new FixedSecrets();
    private Database database;
    private WebhookTables tables;
    private DeliveryStore store;
    private WebhookReceiver receiver;
    private WebhookMetrics metrics;

    @BeforeEach
    void start(TestInfrastructure infra) {
        database = WebhookTables.migratedDatabase(infra.newDatabase());
        tables = new WebhookTables(database.jdbi());
        store = new DeliveryStore(database.jdbi());
        receiver = new WebhookReceiver();
        receivers.add(receiver);
    }

    @AfterEach
    void stop() throws Exception {
        // Receivers first: a dispatcher closing waits a little for the attempts a hanging one holds.
        for (AutoCloseable closeable : receivers) {
            closeable.close();
        }
        dispatchers.forEach(DeliveryDispatcher::close);
        store.close();
        database.close();
    }

    @Test
    void aQueuedWebhookIsDeliveredOnceWithBothSignaturesAndItsEventType() throws Exception {
        Subscription generation = queue(receiver.url("/hooks/genpicz"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "delivered");
        assertThat(receiver.requests()).hasSize(1);
        WebhookReceiver.Request request = receiver.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hooks/genpicz");
        assertThat(request.body()).isEqualTo(payload(generation));
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("X-GenPicz-Event")).isEqualTo("generation.completed");
        assertThat(request.header("X-GenPicz-Signature")).isEqualTo(bodySignature(WebhookTables.SECRET, request.body()));
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).isEqualTo("msg_" + generation.generationId() + "_generation.completed");
        assertThat(Long.parseLong(timestamp)).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
        assertThat(request.header("webhook-signature"))
                .isEqualTo(standardSignature(WebhookTables.SECRET, id, timestamp, request.body()));
        assertThat(tables.delivery(generation.generationId())).containsEntry("attempts", 1).containsEntry("last_status", 200);
    }

    @Test
    void aReceiverFailingTheFirstAttemptsGetsExactlyOneSuccessfulDeliveryWithTheSameIdAndEveryAttemptIsLogged() {
        receiver.answering(500, 502);
        Subscription generation = queue(receiver.url("/flaky"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "delivered");
        assertThat(receiver.requests()).extracting(request -> request.header("webhook-id"))
                .containsExactly(id(generation), id(generation), id(generation));
        List<DeliveryStore.Logged> log = store.log(generation.accountId(), generation.generationId());
        assertThat(log).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo("delivered");
            assertThat(delivery.attempts()).isEqualTo(3);
            assertThat(delivery.log()).extracting(DeliveryStore.Attempt::statusCode).containsExactly(500, 502, 200);
            assertThat(delivery.log()).extracting(DeliveryStore.Attempt::outcome)
                    .containsExactly("retry", "retry", "delivered");
        });
    }

    @Test
    void afterTheLastAttemptTheDeliveryIsFailedAndKept() {
        receiver.answering(500, 500, 500, 500);
        Subscription generation = queue(receiver.url("/down"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "failed");
        assertThat(receiver.requests()).hasSize(3);
        assertThat(tables.attemptOutcomes(generation.generationId())).containsExactly("retry", "retry", "failed");
    }

    @Test
    void aReceiverThatAnswers410GoneIsNotTriedAgain() {
        receiver.answering(410);
        Subscription generation = queue(receiver.url("/gone"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "failed");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(tables.attemptOutcomes(generation.generationId())).containsExactly("gone");
    }

    @Test
    void retryAfterOnA503IsHonouredInsteadOfTheSchedule() {
        receiver.answering(503).retryAfter(503, 1);
        Subscription generation = queue(receiver.url("/busy"));

        // Without the header the second attempt would come an hour later.
        dispatcher(false, Duration.ofSeconds(5), List.of(Duration.ofHours(1)));

        awaitStatus(generation, "delivered");
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void aRedirectIsNotFollowedBecauseItCouldLeadPastTheDestinationCheck() {
        receiver.answering(302, 302, 302);
        Subscription generation = queue(receiver.url("/moved"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "failed");
        assertThat(receiver.requests()).extracting(WebhookReceiver.Request::path).containsOnly("/moved");
    }

    @Test
    void inProductionALoopbackDestinationIsRefusedWithoutBeingCalled() {
        Subscription generation = queue(receiver.url("/internal").replace("http://", "https://"));

        dispatcher(true, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "failed");
        assertThat(receiver.requests()).isEmpty();
        assertThat(String.valueOf(tables.delivery(generation.generationId()).get("last_error")))
                .contains("internal address");
    }

    @Test
    void twentyHangingReceiversDoNotDelayAFastOne() {
        for (int i = 0; i < 20; i++) {
            HangingReceiver hanging = new HangingReceiver();
            receivers.add(hanging);
            queue(hanging.url("/never"));
        }
        dispatcher(false, Duration.ofSeconds(20), QUICK_RETRIES);
        Eventually.await("the hanging receivers to hold attempts", WAIT, () -> hangingConnections() >= 20);

        Instant queued = Instant.now();
        Subscription fast = queue(receiver.url("/fast"));

        awaitStatus(fast, "delivered");
        assertThat(Duration.between(queued, Instant.now())).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aNewDeliveryWithRoomIsSentAtOnceAndTheSameOutcomeReadAgainSendsNothing() {
        DeliveryDispatcher dispatcher = dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);
        Subscription generation = tables.subscribed(receiver.url("/now"), Instant.parse("2026-12-01T10:00:00Z"));

        assertThat(dispatcher.queue(newDelivery(generation))).isTrue();
        assertThat(dispatcher.queue(newDelivery(generation))).isFalse();

        awaitStatus(generation, "delivered");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(tables.delivery(generation.generationId())).containsEntry("attempts", 1);
        assertThat(tables.attemptOutcomes(generation.generationId())).containsExactly("delivered");
    }

    @Test
    void newDeliveriesToAHangingDestinationTakeOnlyItsSlotsAndTheRestWaitUnattempted() {
        DeliveryDispatcher dispatcher = dispatcher(false, Duration.ofSeconds(20), QUICK_RETRIES);
        HangingReceiver hanging = new HangingReceiver();
        receivers.add(hanging);
        List<Subscription> stuck = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Subscription generation = tables.subscribed(hanging.url("/never"), Instant.parse("2026-12-01T10:00:00Z"));
            stuck.add(generation);
            assertThat(dispatcher.queue(newDelivery(generation))).isTrue();
        }
        Eventually.await("the hanging receiver to hold its 8 slots", WAIT, () -> hanging.connections() >= 8);

        Instant queued = Instant.now();
        Subscription fast = tables.subscribed(receiver.url("/fast"), Instant.parse("2026-12-01T10:00:00Z"));
        dispatcher.queue(newDelivery(fast));

        awaitStatus(fast, "delivered");
        assertThat(Duration.between(queued, Instant.now())).isLessThan(Duration.ofSeconds(1));
        assertThat(hanging.connections()).isEqualTo(8);
        assertThat(metrics.scrape()).contains("genpicz_webhook_in_flight_destination{destination=\""
                + DeliveryStore.destinationOf(hanging.url("/")) + "\"} 8.0");
        assertThat(stuck).extracting(generation -> tables.delivery(generation.generationId()).get("attempts"))
                .containsOnly(0, 1).filteredOn(attempts -> attempts.equals(0)).hasSize(4);
    }

    @Test
    void twoDispatchersSharingTheQueueDeliverEachWebhookOnce() {
        List<Subscription> generations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            generations.add(queue(receiver.url("/shared")));
        }

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);
        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        generations.forEach(generation -> awaitStatus(generation, "delivered"));
        List<String> ids = receiver.requests().stream().map(request -> request.header("webhook-id")).toList();
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void aDeliveryLeasedByAnInstanceThatDiedIsTakenOverWithinSecondsAndTheCutOffAttemptIsCounted() {
        Subscription generation = queue(receiver.url("/taken-over"));
        Duration timeout = Duration.ofSeconds(1);
        // An instance leased it and died before it could send: its lease is the time limit plus the margin.
        assertThat(store.leaseDue(10, List.of(), destination -> 8, 8, timeout.plusSeconds(5))).hasSize(1);
        Instant died = Instant.now();

        dispatcher(false, timeout, QUICK_RETRIES);

        awaitStatus(generation, "delivered");
        assertThat(Duration.between(died, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(tables.delivery(generation.generationId())).containsEntry("attempts", 2);
        assertThat(tables.attemptOutcomes(generation.generationId())).containsExactly(null, "delivered");
    }

    @Test
    void aRestartedDispatcherResumesARetryWhereTheStoppedOneLeftIt() {
        receiver.answering(500);
        Subscription generation = queue(receiver.url("/restart"));
        DeliveryDispatcher first = dispatcher(false, Duration.ofSeconds(5), List.of(Duration.ofSeconds(1)));
        Eventually.await("the first attempt to fail", WAIT,
                () -> tables.attemptOutcomes(generation.generationId()).contains("retry"));
        first.close();

        dispatcher(false, Duration.ofSeconds(5), List.of(Duration.ofSeconds(1)));

        awaitStatus(generation, "delivered");
        assertThat(tables.attemptOutcomes(generation.generationId())).containsExactly("retry", "delivered");
    }

    @Test
    void duringARotationBothSecretsSignTheStandardSignatureAndTheNewOneSignsTheReferenceHeader() throws Exception {
        secrets.use(WebhookTables.SECRET, WebhookTables.OLD_SECRET);
        Subscription generation = queue(receiver.url("/rotating"));

        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);

        awaitStatus(generation, "delivered");
        WebhookReceiver.Request request = receiver.requests().get(0);
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(request.header("webhook-signature").split(" ")).containsExactly(
                standardSignature(WebhookTables.SECRET, id, timestamp, request.body()),
                standardSignature(WebhookTables.OLD_SECRET, id, timestamp, request.body()));
        assertThat(request.header("X-GenPicz-Signature")).isEqualTo(bodySignature(WebhookTables.SECRET, request.body()));
    }

    @Test
    void aRedeliveryIsSentAgainWithTheSameIdAndAFreshSignature() {
        Subscription generation = queue(receiver.url("/again"));
        dispatcher(false, Duration.ofSeconds(5), QUICK_RETRIES);
        awaitStatus(generation, "delivered");

        assertThat(store.redeliver(generation.accountId(), generation.generationId(), id(generation))).isPresent();
        dispatchers.get(0).wake();

        Eventually.await("the second delivery", WAIT, () -> receiver.requests().size() == 2);
        assertThat(receiver.requests()).extracting(request -> request.header("webhook-id")).containsOnly(id(generation));
        assertThat(store.redeliver("acct_SomebodyElse0001", generation.generationId(), id(generation))).isEmpty();
    }

    private static DeliveryStore.NewDelivery newDelivery(Subscription generation) {
        return new DeliveryStore.NewDelivery(generation.generationId(), generation.accountId(), "generation.completed",
                generation.url(), payload(generation), Instant.now());
    }

    private Subscription queue(String url) {
        Subscription generation = tables.subscribed(url, Instant.parse("2026-12-01T10:00:00Z"));
        store.enqueue(new DeliveryStore.NewDelivery(generation.generationId(), generation.accountId(),
                "generation.completed", url, payload(generation), Instant.now()));
        dispatchers.forEach(DeliveryDispatcher::wake);
        return generation;
    }

    private static byte[] payload(Subscription generation) {
        return ("{\"event\":\"generation.completed\",\"generation_id\":\"" + generation.generationId() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String id(Subscription generation) {
        return "msg_" + generation.generationId() + "_generation.completed";
    }

    private int hangingConnections() {
        return receivers.stream().filter(HangingReceiver.class::isInstance).map(HangingReceiver.class::cast)
                .mapToInt(HangingReceiver::connections).sum();
    }

    private DeliveryDispatcher dispatcher(boolean production, Duration timeout, List<Duration> schedule) {
        WebhookConfig config = new WebhookConfig(null, null, production, timeout, schedule, 128, 8, 0,
                "test-internal-token-0123456789", List.of("http://127.0.0.1:1"),
                com.genpicz.common.config.OperationsConfig.anyFreePort());
        WebhookSender sender = new WebhookSender(new WebhookUrlPolicy(production), timeout, 128, 8, null, null);
        metrics = new WebhookMetrics();
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(store, secrets, sender, new RetrySchedule(schedule),
                metrics, config, StageRecorder.none()).start();
        dispatchers.add(dispatcher);
        dispatcher.wake();
        return dispatcher;
    }

    private void awaitStatus(Subscription generation, String status) {
        Eventually.await("delivery status " + status, WAIT,
                () -> status.equals(tables.delivery(generation.generationId()).get("status")));
    }

    private static String bodySignature(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static String standardSignature(String secret, String id, String timestamp, byte[] body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] content = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, content));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
