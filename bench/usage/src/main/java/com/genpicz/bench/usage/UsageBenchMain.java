package com.genpicz.bench.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genpicz.accounting.usage.UsageProjection;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationAuthorized;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationEvent;
import com.genpicz.common.events.GenerationFailed;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.FailureCode;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.common.kafka.TopicProvisioner;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.common.topics.TopicSpec;
import com.genpicz.infra.DataFolders;
import com.genpicz.infra.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The usage projection (the real topology, exactly once, on an embedded broker) measured two ways:
 * <ol>
 *   <li><b>throughput</b>: {@code EVENTS} generation events (requested, authorized, completed for a third of that
 *       many generations over 100 accounts) are on the input topics before the projection starts; the time until
 *       the totals count every generation gives events/s;</li>
 *   <li><b>lag</b>: {@code generation.requested} events at a fixed {@code RATE}/s for {@code SECONDS}; each one's
 *       lag runs from its production to the first committed usage total that counts it (an account's events
 *       are on different partitions, so a new count is attributed to its oldest uncounted events).</li>
 * </ol>
 */
public final class UsageBenchMain {

    private static final int ACCOUNTS = 100;
    private static final GenerationSpec SPEC =
            new GenerationSpec("a red circle", null, "auto", 512, 512, Quality.STANDARD, 1, false);
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsageBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Result result = bench(Path.of("bench/usage/target/data").toAbsolutePath(), events, rate, seconds);
        System.out.printf("| throughput | %,d events (%,d generations) | %,.0f events/s | %.1f s to count them all |%n",
                result.events(), result.events() / 3, result.eventsPerSecond(), result.throughputSeconds());
        long[] lag = result.lagMillis();
        System.out.printf("| lag at %,d events/s for %d s | %,d events | p50 / p95 / p99 / max %d / %d / %d / %d ms |%n",
                rate, seconds, lag.length, lag[lag.length / 2], lag[(int) (lag.length * 0.95)],
                lag[(int) (lag.length * 0.99)], lag[lag.length - 1]);
    }

    /** What one run measured. */
    record Result(int events, double eventsPerSecond, double throughputSeconds, long[] lagMillis) {
    }

    static Result bench(Path root, int events, int rate, int seconds) throws Exception {
        DataFolders.wipe(root);
        Files.createDirectories(root);
        System.out.printf("# %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(), cpu(),
                System.getProperty("java.version"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(root.resolve("kafka"), 0)) {
            double[] throughput = throughput(kafka, root, events);
            long[] lag = lag(kafka, root, rate, seconds);
            return new Result(events - events % 3, throughput[0], throughput[1], lag);
        }
    }

    private static double[] throughput(EmbeddedKafka kafka, Path root, int events) throws Exception {
        KafkaConfig config = config(kafka, "throughput");
        TopicCatalog topics = config.topics();
        TopicProvisioner.ensureTopics(config, topics.all());
        int generations = events / 3;
        try (EventPublisher publisher = publisher(config)) {
            // Each new topic first gets one event that is waited for: the first sends to a partition whose leader
            // is still being elected can fail, and a lost event would leave the run waiting for a count that
            // never comes (seen in CI: one request of 1,000 missing). The warm-up generation fails, so it adds
            // nothing to the completions counted below.
            String warmUp = Identifiers.generationId();
            Instant now = Instant.now();
            publisher.publishAndWait(topics.generationRequested(), requested(warmUp, WARM_UP_ACCOUNT, now));
            publisher.publishAndWait(topics.generationAuthorized(), new GenerationAuthorized(Identifiers.eventId(),
                    warmUp, WARM_UP_ACCOUNT, now, SPEC, PriceTable.creditsFor(SPEC), null));
            publisher.publishAndWait(topics.generationOutcomes(), new GenerationFailed(Identifiers.eventId(), warmUp,
                    WARM_UP_ACCOUNT, now, FailureCode.RENDER_FAILED, "the bench's warm-up", null));
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < generations; i++) {
                String id = Identifiers.generationId();
                String account = account(i);
                Instant at = Instant.now();
                sent.add(send(publisher, topics.generationRequested(), requested(id, account, at)));
                sent.add(send(publisher, topics.generationAuthorized(), new GenerationAuthorized(Identifiers.eventId(),
                        id, account, at, SPEC, PriceTable.creditsFor(SPEC), null)));
                String key = "gen/" + id.substring(4) + ".png";
                sent.add(send(publisher, topics.generationOutcomes(), new GenerationCompleted(Identifiers.eventId(),
                        id, account, at.plusMillis(500), "http://127.0.0.1:9000/images/" + key, key, 512, 512,
                        null)));
            }
            resendFailed(publisher, sent);
        }
        long started = System.nanoTime();
        try (UsageProjection projection = UsageProjection.start(config, root.resolve("state-throughput"));
             UsageReader reader = new UsageReader(config)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (reader.completedInAllMonths() < generations && System.nanoTime() < deadline) {
                reader.poll();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            if (reader.completedInAllMonths() < generations) {
                throw new IllegalStateException("only " + reader.completedInAllMonths() + " of " + generations
                        + " generations counted in 10 minutes");
            }
            return new double[] {generations * 3 / elapsed, elapsed};
        }
    }

    private static long[] lag(EmbeddedKafka kafka, Path root, int rate, int seconds) throws Exception {
        KafkaConfig config = config(kafka, "lag");
        TopicCatalog topics = config.topics();
        TopicProvisioner.ensureTopics(config, topics.all());
        int total = rate * seconds;
        long[] producedAt = new long[total];
        Map<String, List<Integer>> byAccount = new ConcurrentHashMap<>();
        try (UsageProjection projection = UsageProjection.start(config, root.resolve("state-lag"));
             UsageReader reader = new UsageReader(config);
             EventPublisher publisher = publisher(config)) {
            publisher.publishAndWait(topics.generationRequested(), requested(Identifiers.generationId(), account(0),
                    Instant.now()));
            while (reader.requested(account(0)) < 1) {
                reader.poll();
            }
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            AtomicLong next = new AtomicLong();
            load.scheduleAtFixedRate(() -> {
                int i = (int) next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                String account = account(i);
                byAccount.computeIfAbsent(account, ignored -> new CopyOnWriteArrayList<>()).add(i);
                producedAt[i] = System.nanoTime();
                GenerationRequested event = requested(Identifiers.generationId(), account, Instant.now());
                // Sent once more if the broker did not acknowledge it: a lost event would never be counted.
                publisher.publish(topics.generationRequested(), event).whenComplete((acked, error) -> {
                    if (error != null) {
                        load.execute(() -> publisher.publish(topics.generationRequested(), event));
                    }
                });
            }, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
            long[] countedAt = new long[total];
            Map<String, Integer> seen = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
            int counted = 0;
            while (counted < total && System.nanoTime() < deadline) {
                for (Map.Entry<String, Long> update : reader.poll().entrySet()) {
                    String account = update.getKey();
                    // account(0) had one generation before the run.
                    int now = (int) (update.getValue() - (account.equals(account(0)) ? 1 : 0));
                    int before = seen.getOrDefault(account, 0);
                    List<Integer> ordinals = byAccount.getOrDefault(account, List.of());
                    long time = System.nanoTime();
                    for (int k = before; k < now && k < ordinals.size(); k++) {
                        countedAt[ordinals.get(k)] = time;
                        counted++;
                    }
                    seen.put(account, Math.max(before, now));
                }
            }
            load.shutdownNow();
            long[] lag = new long[counted];
            int j = 0;
            for (int i = 0; i < total && j < counted; i++) {
                if (countedAt[i] != 0) {
                    lag[j++] = TimeUnit.NANOSECONDS.toMillis(countedAt[i] - producedAt[i]);
                }
            }
            Arrays.sort(lag);
            return lag;
        }
    }

    private static String account(int i) {
        return String.format("acct_Bench%09d", i % ACCOUNTS);
    }

    private static final String WARM_UP_ACCOUNT = "acct_BenchWarmUpxyz";

    /** An event on its way, to be sent again if the broker never acknowledged it. */
    private record Sent(TopicSpec topic, GenerationEvent event,
                        java.util.concurrent.CompletableFuture<?> acked) {
    }

    private static Sent send(EventPublisher publisher, TopicSpec topic, GenerationEvent event) {
        return new Sent(topic, event, publisher.publish(topic, event));
    }

    /**
     * Waits for every acknowledgement and sends again what failed: a resent event that had landed after all is a
     * duplicate, which the projection ignores (same facts, no change).
     */
    private static void resendFailed(EventPublisher publisher, List<Sent> sent) {
        for (Sent one : sent) {
            try {
                one.acked().join();
            } catch (java.util.concurrent.CompletionException e) {
                publisher.publishAndWait(one.topic(), one.event());
            }
        }
    }

    private static GenerationRequested requested(String id, String account, Instant at) {
        return new GenerationRequested(Identifiers.eventId(), id, account, at, SPEC, PriceTable.creditsFor(SPEC), null);
    }

    private static KafkaConfig config(EmbeddedKafka kafka, String run) {
        return new KafkaConfig(kafka.bootstrapServers(), "bench" + Identifiers.base62(4).toLowerCase() + run + ".", 1);
    }

    private static EventPublisher publisher(KafkaConfig config) {
        return new EventPublisher(KafkaClients.producer(config, "usage-bench"), new EventCodec());
    }

    /** Reads the month totals from usage.v1, committed records only, and tells what changed on each poll. */
    private static final class UsageReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> requested = new ConcurrentHashMap<>();
        private final Map<String, Long> completed = new ConcurrentHashMap<>();

        UsageReader(KafkaConfig config) {
            consumer = KafkaClients.consumer(config, null, "usage-bench-reader", 10_000, Duration.ofMinutes(5));
            TopicSpec usage = config.topics().usage();
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < usage.partitions(); i++) {
                partitions.add(new TopicPartition(usage.name(), i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Accounts whose requested count changed in this poll, with the new count. */
        Map<String, Long> poll() throws IOException {
            Map<String, Long> changed = new java.util.HashMap<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                if (!record.key().contains("/month/")) {
                    continue;
                }
                JsonNode total = JSON.readTree(record.value());
                String account = total.get("account_id").asText();
                requested.put(account, total.get("generations_requested").asLong());
                completed.put(account, total.get("generations_completed").asLong());
                changed.put(account, total.get("generations_requested").asLong());
            }
            return changed;
        }

        long requested(String account) {
            return requested.getOrDefault(account, 0L);
        }

        long completedInAllMonths() {
            return completed.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
