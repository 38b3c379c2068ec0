package com.genpicz.cluster;

import com.genpicz.common.config.ConfigException;
import com.genpicz.common.config.Env;
import com.genpicz.infra.DataRootLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code ./genpicz-cluster}: the platform as separate processes on this machine, until Ctrl-C. */
public final class ClusterMain {

    private ClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(ClusterSettings.USAGE);
            return;
        }
        ClusterSettings settings;
        try {
            settings = ClusterSettings.from(Env.system(), List.of(args));
        } catch (ConfigException e) {
            System.err.println(e.getMessage() + "\n\n" + ClusterSettings.USAGE);
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        LocalCluster cluster;
        try {
            if (settings.fresh()) {
                // Under the folder's lock, so that --fresh never wipes a cluster that is running on it.
                try (DataRootLock lock = DataRootLock.acquire(settings.cluster().dataDir())) {
                    lock.wipeEverythingElse();
                }
            }
            cluster = LocalCluster.start(settings.cluster());
        } catch (RuntimeException e) {
            System.err.println("The cluster did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the cluster (the API first, then the workers, then the servers)…");
            cluster.close();
            stopped.countDown();
        }, "cluster-shutdown"));
        String key = demoKey(cluster, settings.cluster().dataDir());
        System.out.println(banner(cluster, key, (System.nanoTime() - started) / 1e9));
        stopped.await();
    }

    /** The demo account's key: the saved one, or a new key (and account) made through the admin API. */
    private static String demoKey(LocalCluster cluster, Path dataDir) {
        String root = cluster.apiBaseUrls().get(0).replaceAll("/v1$", "");
        AdminClient admin = new AdminClient(root, cluster.adminToken());
        Path accountFile = dataDir.resolve("demo-account-id");
        Path keyFile = dataDir.resolve("demo-api-key");
        Optional<String> account = read(accountFile);
        if (account.isPresent() && read(keyFile).isPresent()) {
            return read(keyFile).get();
        }
        String accountId = account.orElseGet(() -> admin.createAccount("demo@genpicz.local", "studio", 1_000));
        String key = admin.createKey(accountId);
        write(accountFile, accountId);
        write(keyFile, key);
        return key;
    }

    private static String banner(LocalCluster cluster, String key, double seconds) {
        StringBuilder out = new StringBuilder(String.format("%nGenPicz cluster is running (started in %.1f s).%n",
                seconds));
        InfraServers infra = cluster.infrastructure();
        out.append("  Kafka:      ").append(infra.kafkaBootstrapServers()).append('\n')
                .append("  PostgreSQL: ").append(infra.database().jdbcUrl()).append(" (user postgres)\n")
                .append("  S3:         ").append(infra.s3Endpoint()).append(" (bucket ").append(cluster.bucket())
                .append(")\n  Instances:\n");
        for (ServiceKind kind : ServiceKind.values()) {
            for (ServiceInstance instance : cluster.instances(kind)) {
                out.append(String.format("    %-20s pid %-8d %s%n", instance.name(), instance.pid(),
                        instance.httpPort() > 0 ? "http://127.0.0.1:" + instance.httpPort() + "/v1" : ""));
            }
        }
        out.append("  Logs:       ").append(cluster.logs()).append('\n')
                .append("  API key:    ").append(key).append('\n')
                .append("  Admin:      ").append(cluster.adminToken()).append(" (bearer token for /admin/v1)\n\n")
                .append("Try it:\n  curl ").append(cluster.apiBaseUrls().get(0)).append("/generate \\\n")
                .append("    -H \"Authorization: Bearer ").append(key).append("\" -H \"Content-Type: application/json\" \\\n")
                .append("    -d '{\"prompt\": \"a red circle on a blue background\", \"width\": 512, \"height\": 512}'\n\n")
                .append("Press Ctrl-C to stop.");
        return out.toString();
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
