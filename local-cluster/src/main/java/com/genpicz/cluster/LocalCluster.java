package com.genpicz.cluster;

import com.genpicz.common.ids.Identifiers;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.devstack.PlatformEnvironment;
import com.genpicz.infra.DataRootLock;
import com.genpicz.infra.DatabaseCoordinates;
import com.genpicz.infra.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform as a cluster of separate processes on this machine: Kafka, PostgreSQL and S3 each in a JVM of its
 * own (so each can be killed and restarted alone), and N JVMs per service, each started from its main class with
 * the environment variables it reads in production. This is what {@code ./genpicz-cluster} runs and what the
 * fault run and the end-to-end benchmark drive: kill -9 an instance, restart it, scale a service, restart a
 * dependency.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);
    private static final String S3_ACCESS_KEY = "genpicz-cluster";
    private static final String S3_SECRET_KEY = "genpicz-cluster-secret";
    private static final String BUCKET = "genpicz-images";
    /** Stopped last to first: the API before the workers behind it, the workers before the servers. */
    private static final List<ServiceKind> START_ORDER = List.of(ServiceKind.ACCOUNTING, ServiceKind.STORAGE,
            ServiceKind.WEBHOOK, ServiceKind.INFERENCE, ServiceKind.INGRESS);

    /**
     * How the cluster runs.
     *
     * @param dataDir     every server's data and every process's log ({@code logs/})
     * @param instances   how many instances of each service to start
     * @param modelDir    the model folder inference loads
     * @param apiPort     the first ingress instance's HTTP port (the next ones count up); 0 picks free ports
     * @param jvmOptions  options for every service JVM
     * @param environment variables added to (or overriding) what every service reads
     */
    public record Settings(Path dataDir, Map<ServiceKind, Integer> instances, Path modelDir, int apiPort,
                           List<String> jvmOptions, Map<String, String> environment) {
        public Settings {
            instances = Map.copyOf(instances);
            jvmOptions = List.copyOf(jvmOptions);
            environment = Map.copyOf(environment);
        }
    }

    private final Settings settings;
    private final DataRootLock lock;
    private final InfraServers infra;
    private final String adminToken;
    private final Map<ServiceKind, Map<Integer, ChildProcess>> running = new EnumMap<>(ServiceKind.class);
    private final Map<Integer, Integer> apiPorts = new TreeMap<>();
    private final Map<Integer, Integer> webhookApiPorts = new TreeMap<>();
    private final Map<Integer, Integer> accountingApiPorts = new TreeMap<>();

    private LocalCluster(Settings settings, DataRootLock lock, InfraServers infra, String adminToken) {
        this.settings = settings;
        this.lock = lock;
        this.infra = infra;
        this.adminToken = adminToken;
        for (ServiceKind kind : ServiceKind.values()) {
            running.put(kind, new TreeMap<>());
        }
    }

    /** Starts the servers, then every service's instances, downstream first; stops what started if one fails. */
    public static LocalCluster start(Settings settings) {
        // One stack per data folder: two would write the same broker, database and bucket files.
        DataRootLock lock = DataRootLock.acquire(settings.dataDir());
        InfraServers infra;
        try {
            infra = InfraServers.start(settings.dataDir(), S3_ACCESS_KEY, S3_SECRET_KEY);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        LocalCluster cluster = new LocalCluster(settings, lock, infra, adminToken(settings.dataDir()));
        try {
            for (ServiceKind kind : START_ORDER) {
                cluster.startInstances(kind, settings.instances().getOrDefault(kind, 1));
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startInstances(ServiceKind kind, int count) {
        // Inference instances start one at a time: the first one of a fresh machine unpacks libtorch.
        int parallelism = kind == ServiceKind.INFERENCE ? 1 : Math.max(1, count);
        ExecutorService starter = Executors.newFixedThreadPool(parallelism);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int slot = i;
                starts.add(CompletableFuture.runAsync(() -> startSlot(kind, slot), starter));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starter.shutdown();
        }
    }

    /** Starts (or starts again) instance {@code slot} of {@code kind}; an ingress slot keeps its port. */
    public ServiceInstance start(ServiceKind kind, int slot) {
        startSlot(kind, slot);
        synchronized (this) {
            return instance(kind, slot);
        }
    }

    private void startSlot(ServiceKind kind, int slot) {
        synchronized (this) {
            ChildProcess existing = running.get(kind).get(slot);
            if (existing != null && existing.isAlive()) {
                throw new IllegalStateException(kind.serviceName() + "-" + slot + " is running already");
            }
        }
        String name = kind.serviceName() + "-" + slot;
        ChildProcess child = ChildProcess.start(name, settings.jvmOptions(), kind.mainClass(), List.of(),
                environment(kind, slot), logs().resolve(name + ".log"), ServiceKind.READY);
        child.awaitReady(START_LIMIT);
        synchronized (this) {
            running.get(kind).put(slot, child);
        }
        log.info("event=instance_started instance={} pid={}", name, child.pid());
    }

    /** {@code kill -9} of one instance: nothing it held in memory is flushed, committed or handed over. */
    public void kill(ServiceKind kind, int slot) {
        ChildProcess child = remove(kind, slot);
        child.kill();
        log.info("event=instance_killed instance={}", child.name());
    }

    /** A graceful stop (SIGTERM), as an orchestrator scaling in or rolling a deployment sends. */
    public void stop(ServiceKind kind, int slot) {
        ChildProcess child = remove(kind, slot);
        child.stop(STOP_GRACE);
        log.info("event=instance_stopped instance={}", child.name());
    }

    /** Starts new slots or stops the highest ones gracefully until {@code count} instances run. */
    public void scale(ServiceKind kind, int count) {
        while (instances(kind).size() < count) {
            int free = 0;
            while (running.get(kind).containsKey(free)) {
                free++;
            }
            start(kind, free);
        }
        while (instances(kind).size() > count) {
            List<ServiceInstance> current = instances(kind);
            stop(kind, current.get(current.size() - 1).slot());
        }
    }

    private synchronized ChildProcess remove(ServiceKind kind, int slot) {
        ChildProcess child = running.get(kind).remove(slot);
        if (child == null) {
            throw new IllegalArgumentException(kind.serviceName() + "-" + slot + " is not running");
        }
        return child;
    }

    public synchronized List<ServiceInstance> instances(ServiceKind kind) {
        return running.get(kind).keySet().stream().map(slot -> instance(kind, slot)).toList();
    }

    private ServiceInstance instance(ServiceKind kind, int slot) {
        ChildProcess child = running.get(kind).get(slot);
        return new ServiceInstance(kind, slot, child.pid(), kind == ServiceKind.INGRESS ? apiPorts.get(slot) : -1);
    }

    /** The {@code /v1} base URL of every running ingress instance. */
    public List<String> apiBaseUrls() {
        return instances(ServiceKind.INGRESS).stream()
                .map(instance -> "http://127.0.0.1:" + instance.httpPort() + "/v1").toList();
    }

    private Map<String, String> environment(ServiceKind kind, int slot) {
        Map<String, String> env = new PlatformEnvironment(infra.kafkaBootstrapServers(), TopicCatalog.DEFAULT_PREFIX,
                infra.database(), infra.s3Endpoint(), S3_ACCESS_KEY, S3_SECRET_KEY, BUCKET,
                settings.modelDir().toAbsolutePath(), kind == ServiceKind.INGRESS ? apiPort(slot) : 0).variables();
        env.put("GENPICZ_ADMIN_TOKEN", adminToken);
        env.put("GENPICZ_WEBHOOK_API_PORT", Integer.toString(kind == ServiceKind.WEBHOOK ? webhookApiPort(slot) : 0));
        env.put("GENPICZ_WEBHOOK_SERVICE_URL", urls(ServiceKind.WEBHOOK, this::webhookApiPort));
        env.put("GENPICZ_INGRESS_INTERNAL_URL", urls(ServiceKind.INGRESS, this::apiPort));
        env.put("GENPICZ_ACCOUNTING_API_PORT",
                Integer.toString(kind == ServiceKind.ACCOUNTING ? accountingApiPort(slot) : 0));
        env.put("GENPICZ_ACCOUNTING_SERVICE_URL", urls(ServiceKind.ACCOUNTING, this::accountingApiPort));
        // Every accounting instance keeps its usage state in the cluster's data folder, apart from the others.
        env.put("GENPICZ_USAGE_STATE_DIR", settings.dataDir().resolve("usage-state-" + slot).toString());
        // Many instances share two cores here: libtorch gets one thread per inference instance.
        env.put("GENPICZ_INFERENCE_THREADS", "1");
        env.put("MALLOC_MMAP_THRESHOLD_", "33554432");
        env.put("MALLOC_TRIM_THRESHOLD_", "1073741824");
        env.put("MALLOC_TOP_PAD_", "268435456");
        env.putAll(settings.environment());
        return env;
    }

    /** Every slot's address the configured instance count gives, so each side knows the other before it starts. */
    private String urls(ServiceKind kind, java.util.function.IntUnaryOperator port) {
        int count = Math.max(1, settings.instances().getOrDefault(kind, 1));
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(slot -> "http://127.0.0.1:" + port.applyAsInt(slot))
                .collect(java.util.stream.Collectors.joining(","));
    }

    private synchronized int webhookApiPort(int slot) {
        return webhookApiPorts.computeIfAbsent(slot, s -> FreePort.pick());
    }

    private synchronized int accountingApiPort(int slot) {
        return accountingApiPorts.computeIfAbsent(slot, s -> FreePort.pick());
    }

    private synchronized int apiPort(int slot) {
        return apiPorts.computeIfAbsent(slot, s -> settings.apiPort() == 0 ? FreePort.pick() : settings.apiPort() + s);
    }

    public String kafkaBootstrapServers() {
        return infra.kafkaBootstrapServers();
    }

    public DatabaseCoordinates database() {
        return infra.database();
    }

    public String s3Endpoint() {
        return infra.s3Endpoint();
    }

    public String s3AccessKey() {
        return S3_ACCESS_KEY;
    }

    public String s3SecretKey() {
        return S3_SECRET_KEY;
    }

    public String bucket() {
        return BUCKET;
    }

    public String adminToken() {
        return adminToken;
    }

    public Path logs() {
        return settings.dataDir().resolve("logs");
    }

    public InfraServers infrastructure() {
        return infra;
    }

    /** Stops every service gracefully (the API first), then the servers. */
    @Override
    public void close() {
        List<ServiceKind> stopOrder = new ArrayList<>(START_ORDER);
        java.util.Collections.reverse(stopOrder);
        for (ServiceKind kind : stopOrder) {
            List<ChildProcess> children;
            synchronized (this) {
                children = new ArrayList<>(running.get(kind).values());
                running.get(kind).clear();
            }
            children.parallelStream().forEach(child -> child.stop(STOP_GRACE));
        }
        infra.close();
        lock.close();
    }

    /** The admin API's token, kept in the data folder so that it stays the same across restarts. */
    private static String adminToken(Path dataDir) {
        Path file = dataDir.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String token = "gpadm_" + Identifiers.base62(32);
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
    }

}
