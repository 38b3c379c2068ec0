package com.genpicz.bench.faults;

import com.genpicz.cluster.AdminClient;
import com.genpicz.cluster.LocalCluster;
import com.genpicz.cluster.ServiceInstance;
import com.genpicz.cluster.ServiceKind;
import com.genpicz.infra.DataFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fault run: the separate-process cluster with two instances of every service, a steady stream of sync,
 * async and webhook generations (some deleted a moment later), and meanwhile every instance killed with -9 and
 * restarted, inference scaled 2 → 3 → 1 → 2, the Kafka broker killed and restarted, PostgreSQL stopped
 * immediately and restarted, and the S3 server stopped for 30 s. Then it waits for the platform to settle and
 * audits what came out. Exits 1 when an invariant broke, so it can guard a release.
 */
public final class FaultRunMain {

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    private static final int ACCOUNTS = 8;
    private static final long CREDITS = 100_000;

    private final FaultRunSettings settings;
    private final long started = System.nanoTime();
    private final List<String> timeline = new ArrayList<>();
    private final List<String> drains = new ArrayList<>();
    private final List<Availability.Kill> ingressKills = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When a webhook-service instance or its database went away: what may excuse a same-id duplicate. */
    private final List<Long> interruptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> drainsTooSlow = new ArrayList<>();
    /** The reliability issue's goals for the API while a dependency is away, and for the drain after it. */
    private static final double SLOWEST_503_SECONDS = 1.0;
    private static final Duration DRAIN_GOAL = Duration.ofSeconds(30);
    private LocalCluster cluster;
    private List<String> usageMismatches = List.of();
    private int usageAccounts;
    private Audit audit;

    private FaultRunMain(FaultRunSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(FaultRunSettings.USAGE);
            return;
        }
        FaultRunSettings settings = FaultRunSettings.from(List.of(args));
        System.exit(new FaultRunMain(settings).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        DataFolders.wipe(settings.dataDir());
        note("starting the cluster: 2 instances of every service, model " + settings.modelDir().getFileName());
        cluster = LocalCluster.start(clusterSettings());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            audit = new Audit(cluster.database());
            String root = cluster.apiBaseUrls().get(0).replaceAll("/v1$", "");
            FaultAccounts accounts = FaultAccounts.create(new AdminClient(root, cluster.adminToken()), ACCOUNTS,
                    CREDITS);
            note("cluster up; sending " + settings.rate() + " generates/s");
            Instant trafficStart = Instant.now();
            Traffic traffic = new Traffic(cluster::apiBaseUrls, accounts, receiver.url(), 0.15);
            traffic.start(settings.rate());
            try {
                pause(Duration.ofSeconds(20));
                runFaults();
                pause(Duration.ofSeconds(10));
            } finally {
                traffic.stop();
            }
            note("traffic stopped after " + seconds(Duration.between(trafficStart, Instant.now())) + "; settling");
            Duration settle = settle();
            usageMismatches = usageAgreement();
            return report(new Findings(evidence(traffic, receiver, accounts)), Availability.of(traffic.attempts(), ingressKills, started),
                    settle);
        } finally {
            cluster.close();
        }
    }

    private LocalCluster.Settings clusterSettings() {
        Map<ServiceKind, Integer> instances = new EnumMap<>(ServiceKind.class);
        for (ServiceKind kind : ServiceKind.values()) {
            instances.put(kind, 2);
        }
        // C1 only: a dozen JVMs share two cores, and the hot code here is the model's, not Java's.
        List<String> jvm = List.of("-Xmx320m", "-Xss2m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dai.djl.offline=true");
        return new LocalCluster.Settings(settings.dataDir(), instances, settings.modelDir(), 0, jvm,
                Map.of("GENPICZ_WEBHOOK_RETRY_SCHEDULE", "PT2S,PT5S,PT10S,PT30S,PT1M", "GENPICZ_SYNC_WAIT", "PT30S"));
    }

    private void runFaults() {
        for (ServiceKind kind : List.of(ServiceKind.ACCOUNTING, ServiceKind.STORAGE, ServiceKind.WEBHOOK,
                ServiceKind.INFERENCE, ServiceKind.INGRESS)) {
            List<ServiceInstance> instances = cluster.instances(kind);
            for (ServiceInstance instance : settings.quick() ? instances.subList(0, 1) : instances) {
                note("kill -9 " + instance.name());
                if (kind == ServiceKind.WEBHOOK) {
                    interruptions.add(System.nanoTime());
                }
                if (kind == ServiceKind.INGRESS) {
                    ingressKills.add(new Availability.Kill("http://127.0.0.1:" + instance.httpPort() + "/v1",
                            System.nanoTime()));
                }
                cluster.kill(kind, instance.slot());
                pause(Duration.ofSeconds(3));
                cluster.start(kind, instance.slot());
                note(instance.name() + " restarted");
                pause(Duration.ofSeconds(8));
            }
        }
        for (int count : new int[] {3, 1, 2}) {
            note("scaling inference to " + count);
            cluster.scale(ServiceKind.INFERENCE, count);
            pause(Duration.ofSeconds(15));
        }
        dependencyOutage("Kafka broker killed and restarted", () -> cluster.infrastructure().restartKafka());
        dependencyOutage("PostgreSQL stopped immediately and restarted", () -> {
            interruptions.add(System.nanoTime());
            cluster.infrastructure().restartPostgres();
        });
        Duration s3Down = settings.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(30);
        dependencyOutage("S3 server stopped for " + s3Down.toSeconds() + " s", () -> {
            cluster.infrastructure().stopS3();
            pause(s3Down);
            cluster.infrastructure().startS3();
        });
    }

    /** Runs the outage, then measures how long the backlog it left takes to drain. */
    private void dependencyOutage(String what, Runnable outage) {
        note(what + ": begins");
        outage.run();
        Instant back = Instant.now();
        note(what + ": back");
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (audit.unfinishedAcceptedBefore(back) > 0 && System.nanoTime() < deadline) {
            pause(Duration.ofMillis(500));
        }
        long left = audit.unfinishedAcceptedBefore(back);
        Duration took = Duration.between(back, Instant.now());
        if (left > 0 || took.compareTo(DRAIN_GOAL) > 0) {
            drainsTooSlow.add(what);
        }
        String drained = String.format("%-50s backlog drained in %s%s", what, seconds(Duration.between(back,
                Instant.now())), left > 0 ? " (NOT drained: " + left + " left)" : "");
        drains.add(drained);
        note(drained.replaceAll("\\s+", " "));
    }

    /** Waits until nothing is left to do: every generation finished, every queue empty, no orphan image. */
    private Duration settle() {
        Instant from = Instant.now();
        long deadline = System.nanoTime() + settings.settleLimit().toNanos();
        try (Bucket bucket = bucket()) {
            while (System.nanoTime() < deadline) {
                if (audit.unfinished() == 0 && audit.outboxBacklog() == 0 && audit.pendingWebhooks() == 0
                        && noOrphans(bucket)) {
                    return Duration.between(from, Instant.now());
                }
                pause(Duration.ofSeconds(1));
            }
        } catch (Exception e) {
            note("settling failed: " + e);
        }
        note("did not settle within " + seconds(settings.settleLimit()));
        return null;
    }

    /** Waits (bounded) for usage.v1 to agree with the database; the accounts that still disagree. */
    private List<String> usageAgreement() {
        Map<String, UsageAudit.Totals> expected = UsageAudit.expected(audit.generations(), audit.netCharges());
        usageAccounts = expected.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> mismatches;
        do {
            mismatches = UsageAudit.mismatches(expected, UsageAudit.counted(cluster.kafkaBootstrapServers()));
            if (mismatches.isEmpty()) {
                return mismatches;
            }
            pause(Duration.ofSeconds(2));
        } while (System.nanoTime() < deadline);
        return mismatches;
    }

    private boolean noOrphans(Bucket bucket) {
        Set<String> visible = new java.util.HashSet<>();
        audit.generations().stream().filter(row -> row.status().equals("completed") && !row.deleted())
                .forEach(row -> visible.add(row.objectKey()));
        return visible.containsAll(bucket.keys()) && bucket.keys().size() == visible.size();
    }

    private Findings.Evidence evidence(Traffic traffic, WebhookReceiver receiver, FaultAccounts accounts)
            throws Exception {
        try (Bucket bucket = bucket()) {
            Set<String> keys = bucket.keys();
            return new Findings.Evidence(audit.generations(), traffic.accepted(), receiver.deliveries(), keys,
                    audit.balances(), audit.netCharges(), accounts.all(), bucket::servesPng, interruptions, started);
        }
    }

    private Bucket bucket() {
        return new Bucket(cluster.s3Endpoint(), cluster.s3AccessKey(), cluster.s3SecretKey(), cluster.bucket());
    }

    private boolean report(Findings findings, Availability availability, Duration settle) throws IOException {
        StringBuilder out = new StringBuilder("\n== GenPicz fault run ==\n");
        out.append(machine()).append('\n');
        out.append("\nTimeline:\n");
        timeline.forEach(line -> out.append("  ").append(line).append('\n'));
        out.append("\nOutcomes:\n");
        row(out, "requests sent (generate and delete)", availability.requests());
        row(out, "generations accepted (answered with an id)", findings.accepted);
        row(out, "generations stored (also those whose answer was cut off)", findings.stored);
        row(out, "completed", findings.completed);
        findings.failedByCode.forEach((code, count) -> row(out, "failed: " + code, count));
        row(out, "lost (not finished after settling)", findings.lost.size());
        row(out, "double debits", findings.doubleDebits.size());
        row(out, "missing refunds", findings.missingRefunds.size());
        row(out, "refunds not owed", findings.refundsNotOwed.size());
        row(out, "balances not matching the ledger", findings.balanceMismatches.size());
        row(out, "webhook generations", findings.webhookGenerations);
        row(out, "  with no successful delivery", findings.missingWebhooks.size());
        row(out, "  delivered twice, same webhook-id, across an interruption", findings.duplicatesSameId.size());
        row(out, "  delivered twice, same webhook-id, nothing interrupted", findings.duplicatesUnexplained.size());
        row(out, "  delivered twice, different webhook-id", findings.duplicatesOtherId.size());
        row(out, "  for the wrong outcome", findings.wrongWebhooks.size());
        row(out, "  with a bad signature", findings.badSignatures.size());
        row(out, "completed images not fetchable", findings.unfetchable.size());
        row(out, "orphan objects in the bucket", findings.orphans.size());
        out.append(String.format("  %-58s %s%n", "time to settle", settle == null ? "did not settle" : seconds(settle)));
        row(out, "accounts whose usage.v1 totals match the database", usageAccounts - usageMismatches.size());
        row(out, "  that do not (requested, completed, failed, net charge)", usageMismatches.size());
        out.append("\nAPI while things broke:\n");
        row(out, "answers neither 2xx nor a JSON error object", availability.improper());
        out.append(String.format("  %-58s %.1f s%n", "longest stretch of such answers",
                availability.longestImproperSeconds()));
        row(out, "requests cut off by the kill of the instance answering them", availability.cutByKill());
        row(out, "503 answers (a dependency away)", availability.unavailable());
        out.append(String.format("  %-58s %.2f s%n", "slowest 503", availability.slowestUnavailableSeconds()));
        out.append("\nBacklogs after each outage:\n");
        drains.forEach(line -> out.append("  ").append(line).append('\n'));
        Map<String, Integer> violations = new java.util.LinkedHashMap<>(findings.violations());
        if (availability.improper() > 0) {
            violations.put("answers neither 2xx nor a JSON error object", (int) availability.improper());
        }
        if (availability.slowestUnavailableSeconds() > SLOWEST_503_SECONDS) {
            violations.put("503 answers slower than " + SLOWEST_503_SECONDS + " s", 1);
        }
        if (!usageMismatches.isEmpty()) {
            violations.put("usage totals not matching the database", usageMismatches.size());
        }
        if (!drainsTooSlow.isEmpty()) {
            violations.put("backlogs not drained within " + DRAIN_GOAL.toSeconds() + " s", drainsTooSlow.size());
        }
        boolean passed = violations.isEmpty() && settle != null;
        out.append('\n').append(passed ? "PASSED: every invariant held." : "FAILED: " + violations
                + (settle == null ? " (did not settle)" : "")).append('\n');
        details(out, "lost", findings.lost);
        details(out, "missing refunds", findings.missingRefunds);
        details(out, "missing webhooks", findings.missingWebhooks);
        details(out, "wrong webhooks", findings.wrongWebhooks);
        details(out, "duplicates with the same id across an interruption", findings.duplicatesSameId);
        details(out, "duplicates with the same id, nothing interrupted", findings.duplicatesUnexplained);
        details(out, "duplicates with different ids", findings.duplicatesOtherId);
        details(out, "unfetchable", findings.unfetchable);
        details(out, "orphans", findings.orphans);
        details(out, "accounting disagrees", findings.settlementDisagrees);
        details(out, "answers neither 2xx nor a JSON error object", availability.improperDetails());
        details(out, "usage totals not matching the database", usageMismatches);
        System.out.println(out);
        Files.writeString(settings.dataDir().resolve("fault-run-report.txt"), out);
        return passed;
    }

    private static void row(StringBuilder out, String name, long value) {
        out.append(String.format("  %-58s %d%n", name, value));
    }

    private static void details(StringBuilder out, String name, List<String> items) {
        if (!items.isEmpty()) {
            out.append("  ").append(name).append(": ").append(items.subList(0, Math.min(20, items.size())))
                    .append(items.size() > 20 ? " …" : "").append('\n');
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: the core count still says something
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version");
    }

    private void note(String what) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, what);
        timeline.add(line);
        System.out.println(line);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
