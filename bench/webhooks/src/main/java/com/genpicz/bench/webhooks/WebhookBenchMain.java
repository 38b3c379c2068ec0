package com.genpicz.bench.webhooks;

import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.events.EventCodec;
import com.genpicz.common.events.GenerationCompleted;
import com.genpicz.common.events.GenerationRequested;
import com.genpicz.common.events.GenerationSpec;
import com.genpicz.common.generations.PriceTable;
import com.genpicz.common.generations.Quality;
import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.kafka.EventPublisher;
import com.genpicz.common.kafka.KafkaClients;
import com.genpicz.infra.DataFolders;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.EmbeddedKafka;
import com.genpicz.infra.PostgresServer;
import com.genpicz.webhook.WebhookConfig;
import com.genpicz.webhook.WebhookService;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Webhook delivery at a fixed rate of completions: webhook-service (the real one, on embedded Kafka and
 * PostgreSQL) delivering to receivers on loopback, once with every destination healthy and once with a tenth of
 * them never answering. Reports deliveries per second to the healthy destinations and the time from each
 * generation's completion (the outcome event's time) to the webhook's arrival at its receiver.
 */
public final class WebhookBenchMain {

    private static final String TOKEN = "bench-internal-token-0123456789";
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final int DESTINATIONS = 20;
    /**
     * The first phase's warm-up round is long: the JVM (broker, service and load in one) keeps its JIT compilers
     * busy for two minutes and more, and what they take is not the service's steady state. The second phase runs
     * the same code, warm already.
     */
    private static final int FIRST_WARM_UP_SECONDS = 150;
    private static final int WARM_UP_SECONDS = 30;

    private WebhookBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path root = Path.of("bench/webhooks/target/data").toAbsolutePath();
        bench(root, rate, seconds, FIRST_WARM_UP_SECONDS, WARM_UP_SECONDS);
    }

    /** Runs both phases with their data under {@code root} and returns their measured rounds. */
    static List<Round> bench(Path root, int rate, int seconds, int firstWarmUp, int warmUp) throws Exception {
        DataFolders.wipe(root);
        Files.createDirectories(root);
        System.out.printf("# %d cores, %s, Java %s; %d webhooks/s to healthy destinations for %d s per phase "
                        + "(after a warm-up round of %d s, %d s in the second phase), %d destinations%n",
                Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("java.version"), rate, seconds,
                firstWarmUp, warmUp, DESTINATIONS);
        System.out.println("| phase | completions | delivered to healthy destinations | deliveries/s | "
                + "completion → arrival p50 / p95 / p99 / max ms (healthy) | bench JVM CPU, cores |");
        System.out.println("|---|---|---|---|---|---|");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
             PostgresServer postgres = PostgresServer.start(root.resolve("postgres"), 0, postgresSettings())) {
            HttpServer secrets = secretsEndpoint();
            try {
                Round healthy = run("all destinations healthy", 0, rate, seconds, firstWarmUp, kafka,
                        postgres.createDatabase("healthy"), secrets);
                // The hanging tenth gets its share of completions on top, so healthy destinations still get rate/s.
                Round hanging = run("10 % of destinations hanging", DESTINATIONS / 10, (int) Math.round(rate / 0.9),
                        seconds, warmUp, kafka, postgres.createDatabase("hanging"), secrets);
                return List.of(healthy, hanging);
            } finally {
                secrets.stop(0);
            }
        }
    }

    /**
     * Durable, as deployed, unless BENCH_POSTGRES_FSYNC=off: then without waiting for the disk, which shows what the
     * commits cost.
     */
    private static Map<String, String> postgresSettings() {
        if ("off".equals(System.getenv("BENCH_POSTGRES_FSYNC"))) {
            System.out.println("# PostgreSQL with fsync and synchronous_commit off (BENCH_POSTGRES_FSYNC=off)");
            return Map.of("fsync", "off", "synchronous_commit", "off");
        }
        return Map.of();
    }

    private static Round run(String phase, int hangingCount, int rate, int seconds, int warmUpSeconds,
                            EmbeddedKafka kafka, DatabaseCoordinates db, HttpServer secrets) throws Exception {
        String prefix = "bench" + Identifiers.base62(4).toLowerCase() + ".";
        KafkaConfig kafkaConfig = new KafkaConfig(kafka.bootstrapServers(), prefix, 1);
        WebhookConfig config = new WebhookConfig(kafkaConfig,
                new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 8), false, Duration.ofSeconds(10),
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)), 128, 8, 0, TOKEN,
                List.of("http://127.0.0.1:" + secrets.getAddress().getPort()),
                new com.genpicz.common.config.OperationsConfig(-1, "webhook-bench"));
        Receivers receivers = new Receivers(DESTINATIONS - hangingCount, hangingCount);
        try (WebhookService service = WebhookService.start(config);
             EventPublisher publisher = new EventPublisher(KafkaClients.producer(kafkaConfig, "webhook-bench"),
                     new EventCodec())) {
            warmUp(publisher, kafkaConfig);
            // A round at the same rate before the measured one keeps most of the JIT compilers' work out of the
            // figures (see FIRST_WARM_UP_SECONDS and the CPU breakdown).
            round(rate, warmUpSeconds, publisher, kafkaConfig, db, receivers);
            Round measured = round(rate, seconds, publisher, kafkaConfig, db, receivers);
            System.out.printf("| %s | %,d | %,d of %,d | %,.0f | %s | %.2f |%n", phase, measured.sent(),
                    measured.delivered(), measured.expected(), measured.perSecond(), percentiles(measured.latencies()),
                    measured.cores());
            System.err.println("# " + phase + ", CPU in cores: " + measured.where());
            return measured;
        } finally {
            receivers.close();
        }
    }

    /** What one round measured: healthy deliveries, their rate and latencies, and the bench JVM's CPU. */
    record Round(int sent, int delivered, int expected, double perSecond, long[] latencies, double cores,
                         String where) {
    }

    /**
     * Completes {@code rate * seconds} generations at {@code rate} per second, each requested (subscribed) one second
     * before its completion as in a real pipeline, so the service records subscriptions while it delivers; then waits
     * for every webhook to a healthy destination to arrive.
     */
    private static Round round(int rate, int seconds, EventPublisher publisher, KafkaConfig kafkaConfig,
                               DatabaseCoordinates db, Receivers receivers) throws Exception {
        int total = rate * seconds;
        List<String> urls = receivers.urls();
        List<String> generations = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            generations.add(Identifiers.generationId());
        }
        int lead = Math.min(rate, total);
        for (int i = 0; i < lead; i++) {
            publisher.publish(kafkaConfig.topics().generationRequested(), requested(generations.get(i),
                    urls.get(i % urls.size())));
        }
        awaitSubscriptions(db, generations.subList(0, lead));
        Map<String, Instant> completedAt = new ConcurrentHashMap<>();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        long periodMicros = 1_000_000L / rate;
        int[] next = {0};
        long cpuBefore = processCpuNanos();
        CpuByThread threads = CpuByThread.now();
        long started = System.nanoTime();
        load.scheduleAtFixedRate(() -> {
            if (next[0] >= total) {
                return;
            }
            int ahead = next[0] + lead;
            if (ahead < total) {
                publisher.publish(kafkaConfig.topics().generationRequested(), requested(generations.get(ahead),
                        urls.get(ahead % urls.size())));
            }
            String id = generations.get(next[0]);
            String url = urls.get(next[0] % urls.size());
            next[0]++;
            GenerationCompleted completed = completed(id, url);
            completedAt.put(id, completed.occurredAt());
            publisher.publish(kafkaConfig.topics().generationOutcomes(), completed);
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        List<String> healthy = java.util.stream.IntStream.range(0, total)
                .filter(i -> !receivers.isHanging(i % urls.size())).mapToObj(generations::get).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
        int arrivedBefore = receivers.distinctArrivals();
        while (receivers.distinctArrivals() - arrivedBefore < healthy.size() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        long finished = Math.max(receivers.lastArrivalNanos(), started + 1);
        long window = System.nanoTime() - started;
        double cores = (processCpuNanos() - cpuBefore) / (double) window;
        String where = threads.since(window);
        load.shutdownNow();
        long[] latencies = receivers.latenciesMillis(completedAt);
        Arrays.sort(latencies);
        int delivered = receivers.arrived(healthy);
        return new Round(total, delivered, healthy.size(), delivered / ((finished - started) / 1e9), latencies, cores,
                where);
    }

    /**
     * CPU time per group of threads (names with their numbers taken out), of the JVM's own threads (JIT compilers,
     * GC: the process's time less its Java threads') and of the PostgreSQL processes.
     */
    private record CpuByThread(Map<String, Long> threads, long process, long jitMillis, long gcMillis,
                               long postgres) {

        static CpuByThread now() {
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<String, Long> byGroup = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
                if (info != null) {
                    long cpu = bean.getThreadCpuTime(info.getThreadId());
                    if (cpu > 0) {
                        byGroup.merge(info.getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
                    }
                }
            }
            long gcMillis = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
            return new CpuByThread(byGroup, processCpuNanos(),
                    java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), gcMillis,
                    postgresCpuNanos());
        }

        /** The busiest groups since this snapshot, in cores over {@code windowNanos}. */
        String since(long windowNanos) {
            CpuByThread later = now();
            Map<String, Long> used = new java.util.HashMap<>();
            later.threads.forEach((group, cpu) -> used.put(group, cpu - threads.getOrDefault(group, 0L)));
            long javaThreads = used.values().stream().mapToLong(Long::longValue).sum();
            used.put("(JVM's own threads)", later.process - process - javaThreads);
            used.put("(of which JIT compiling, wall)", (later.jitMillis - jitMillis) * 1_000_000L);
            used.put("(of which GC, wall)", (later.gcMillis - gcMillis) * 1_000_000L);
            used.put("(PostgreSQL processes)", later.postgres - postgres);
            return used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(16)
                    .map(entry -> String.format("%s %.2f", entry.getKey(), entry.getValue() / (double) windowNanos))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        /** utime + stime of every process named postgres, from /proc (Linux; 0 elsewhere). */
        private static long postgresCpuNanos() {
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        if (stat.contains("(postgres)")) {
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // The process ended while it was being read.
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10_000_000L;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * One acknowledged event per partition of both topics first: a burst into topics created a moment ago can meet
     * partitions without a leader yet, and the idempotent producer then spends long retrying out-of-order batches.
     */
    private static void warmUp(EventPublisher publisher, KafkaConfig kafka) {
        for (int i = 0; i < 24; i++) {
            publisher.publishAndWait(kafka.topics().generationRequested(), requested(Identifiers.generationId(), null));
            publisher.publishAndWait(kafka.topics().generationOutcomes(), completed(Identifiers.generationId(), null));
        }
    }

    private static GenerationRequested requested(String id, String url) {
        GenerationSpec spec = new GenerationSpec("a red circle", null, "auto", 512, 512, Quality.STANDARD, 1, false);
        return new GenerationRequested(Identifiers.eventId(), id, "acct_Bench000000000", Instant.now(), spec,
                PriceTable.creditsFor(spec), url);
    }

    private static GenerationCompleted completed(String id, String url) {
        String key = "gen/" + id.substring(4) + ".png";
        return new GenerationCompleted(Identifiers.eventId(), id, "acct_Bench000000000", Instant.now(),
                "http://127.0.0.1:9000/images/" + key, key, 512, 512, url);
    }

    private static void awaitSubscriptions(DatabaseCoordinates db, List<String> generations) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String last = generations.get(generations.size() - 1);
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 java.sql.PreparedStatement query = connection.prepareStatement(
                         "select count(*) from webhook_subscriptions where generation_id = any(?)")) {
                query.setArray(1, connection.createArrayOf("text", generations.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= generations.size()) {
                        return;
                    }
                }
            } catch (java.sql.SQLException e) {
                // The service has not created its tables yet.
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the subscriptions up to " + last + " were not all recorded");
    }

    private static String percentiles(long[] sorted) {
        if (sorted.length == 0) {
            return "–";
        }
        return String.format("%d / %d / %d / %d", sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)],
                sorted[(int) (sorted.length * 0.99)], sorted[sorted.length - 1]);
    }

    /** ingress's internal API as far as webhook-service needs it: every account signs with one secret. */
    private static HttpServer secretsEndpoint() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = ("{\"current\":\"" + SECRET + "\",\"previous\":null}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/internal/v1/accounts/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    /**
     * Healthy receivers (a JDK HttpServer each) that note when each webhook arrived, and hanging ones that never
     * answer. One Jetty server with a connector per destination was tried: it took no less CPU.
     */
    private static final class Receivers implements AutoCloseable {
        private final List<HttpServer> healthy = new ArrayList<>();
        private final List<ExecutorService> executors = new ArrayList<>();
        private final List<ServerSocket> hanging = new ArrayList<>();
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final List<String> urls = new ArrayList<>();
        private final List<Boolean> isHanging = new ArrayList<>();
        private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        private final Map<String, Instant> arrivedWall = new ConcurrentHashMap<>();
        private final AtomicInteger distinctArrivals = new AtomicInteger();
        private volatile long lastArrival;

        Receivers(int healthyCount, int hangingCount) throws IOException {
            for (int i = 0; i < healthyCount + hangingCount; i++) {
                boolean hangs = i >= healthyCount;
                isHanging.add(hangs);
                urls.add(hangs ? hangingUrl() : healthyUrl());
            }
        }

        private String healthyUrl() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            executors.add(executor);
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String id = generationIdIn(new String(exchange.getRequestBody().readAllBytes(),
                            StandardCharsets.UTF_8));
                    lastArrival = System.nanoTime();
                    if (arrivedAt.putIfAbsent(id, lastArrival) == null) {
                        distinctArrivals.incrementAndGet();
                    }
                    arrivedWall.putIfAbsent(id, Instant.now());
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
            healthy.add(server);
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        /**
         * The body's generation id, found without parsing the JSON: the receivers share the bench's two cores with
         * the service, and what they spend is not the service's.
         */
        private static String generationIdIn(String text) {
            int start = text.indexOf("\"generation_id\":\"") + "\"generation_id\":\"".length();
            return text.substring(start, text.indexOf('"', start));
        }

        private String hangingUrl() throws IOException {
            ServerSocket socket = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            hanging.add(socket);
            return "http://127.0.0.1:" + socket.getLocalPort() + "/hooks";
        }

        List<String> urls() {
            return urls;
        }

        boolean isHanging(int destination) {
            return isHanging.get(destination);
        }

        /** Webhooks that arrived, each generation counted once: cheap enough to poll while the service works. */
        int distinctArrivals() {
            return distinctArrivals.get();
        }

        int arrived(List<String> generations) {
            return (int) generations.stream().filter(arrivedAt::containsKey).count();
        }

        long lastArrivalNanos() {
            return lastArrival;
        }

        long[] latenciesMillis(Map<String, Instant> completedAt) {
            return arrivedWall.entrySet().stream().filter(entry -> completedAt.containsKey(entry.getKey()))
                    .mapToLong(entry -> Duration.between(completedAt.get(entry.getKey()), entry.getValue()).toMillis())
                    .toArray();
        }

        @Override
        public void close() throws IOException {
            healthy.forEach(server -> server.stop(0));
            executors.forEach(ExecutorService::shutdownNow);
            for (ServerSocket socket : hanging) {
                socket.close();
            }
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
