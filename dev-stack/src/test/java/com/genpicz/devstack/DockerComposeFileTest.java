package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.genpicz.accounting.AccountingConfig;
import com.genpicz.common.config.DatabaseConfig;
import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.topics.TopicCatalog;
import com.genpicz.inference.service.InferenceConfig;
import com.genpicz.ingress.IngressConfig;
import com.genpicz.storage.StorageConfig;
import com.genpicz.webhook.WebhookConfig;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks docker-compose.yml and the Dockerfile against the code they deploy, without Docker: every GENPICZ_*
 * variable a container gets is one its config record reads, the addresses the records need point at containers the
 * service waits for, and the images start classes that exist. The compose file is read as a fresh clone sees it: no
 * .env file and no variables in the shell, so every {@code ${VAR:-default}} takes its default.
 */
class DockerComposeFileTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    /** The image's working directory; the inference image has the repository's models/ folder under it. */
    private static final String APP_DIR = "/app/";

    /** The config record of each GenPicz service, by compose service name. */
    private static final Map<String, Function<Env, Object>> CONFIGS = Map.of(
            "accounting-service", AccountingConfig::from,
            "inference-service", InferenceConfig::from,
            "storage-service", StorageConfig::from,
            "webhook-service", WebhookConfig::from,
            "ingress-api", IngressConfig::from);

    /** Variables naming another container; their code defaults say localhost. */
    private static final Set<String> CONTAINER_ADDRESSES =
            Set.of("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", "GENPICZ_DB_URL", "GENPICZ_S3_ENDPOINT");

    /** Variables whose code default cannot work in a container: the addresses, what clients see, the model path. */
    private static final Set<String> NO_CONTAINER_DEFAULT = Stream.concat(
                    CONTAINER_ADDRESSES.stream(), Stream.of("GENPICZ_PUBLIC_IMAGE_BASE_URL", "GENPICZ_MODEL_DIR"))
            .collect(Collectors.toUnmodifiableSet());

    /** GENPICZ_* variables the images read outside the config records, and the file of this repository reading each. */
    private static final Map<String, String> READ_OUTSIDE_CONFIG = Map.of("GENPICZ_LOG_LEVEL", "deploy/logback.xml");

    private static Map<String, Object> services;
    private static List<String> referencesWithoutDefault;
    private static String dockerfile;

    @BeforeAll
    static void readDeploymentFiles() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        ComposeVariables variables = new ComposeVariables(Map.of());
        services = asMap(variables.resolveAll(compose.get("services")));
        referencesWithoutDefault = variables.referencesWithoutValue();
        dockerfile = Files.readString(REPO.resolve("Dockerfile"));
    }

    static Stream<String> genpiczServices() {
        return CONFIGS.keySet().stream().sorted();
    }

    @Test
    void theMonitoringProfileScrapesEveryServiceOnItsOperationsPortAndProvisionsTheDashboard() throws IOException {
        assertThat(service("prometheus").get("profiles")).isEqualTo(List.of("monitoring"));
        assertThat(service("grafana").get("profiles")).isEqualTo(List.of("monitoring"));
        Map<String, Object> prometheus = new Yaml().load(
                Files.readString(REPO.resolve("deploy/monitoring/prometheus.yml")));
        Map<String, Object> discovery = asMap(((List<?>) asMap(((List<?>) prometheus.get("scrape_configs")).get(0))
                .get("dns_sd_configs")).get(0));
        int port = com.genpicz.common.config.OperationsConfig.from(new Env(Map.of())).port();
        assertThat(discovery.get("port")).isEqualTo(port);
        assertThat(asStrings(discovery.get("names"))).containsExactlyInAnyOrderElementsOf(CONFIGS.keySet());
        assertThat(asStrings(service("grafana").get("volumes")))
                .contains("./deploy/monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(REPO.resolve("deploy/monitoring/grafana/dashboards/genpicz.json")).isRegularFile();
    }

    @Test
    void aFreshCloneStartsWithoutAnEnvFile() {
        assertThat(referencesWithoutDefault)
                .as("variable references without a default: compose would refuse to start or pass empty values")
                .isEmpty();
    }

    @Test
    void composeBuildsExactlyTheFiveGenpiczServicesFromThisRepository() {
        Set<String> built = services.keySet().stream()
                .filter(name -> service(name).containsKey("build"))
                .collect(Collectors.toSet());
        assertThat(built).isEqualTo(CONFIGS.keySet());
    }

    @Test
    void everyServiceHasAnImageOrABuild() {
        services.keySet().forEach(name -> assertThat(service(name).keySet()).as(name).containsAnyOf("image", "build"));
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndARestartPolicy() {
        services.keySet().stream().filter(name -> !isOneShotJob(name)).forEach(name -> {
            assertThat(healthCheckCommand(name)).as(name + " health check").isNotEmpty().doesNotContain("NONE");
            assertThat(service(name).get("restart")).as(name + " restart policy")
                    .isIn("always", "unless-stopped", "on-failure");
        });
    }

    @Test
    void everyDependencyWaitsForHealthOrForAOneShotJobToSucceed() {
        services.keySet().forEach(name -> dependencies(name).forEach((target, condition) -> {
            assertThat(services).as(name + " depends on a service that exists").containsKey(target);
            if (isOneShotJob(target)) {
                assertThat(condition).as(name + " waits for job " + target).isEqualTo("service_completed_successfully");
            } else {
                assertThat(condition).as(name + " waits for " + target).isEqualTo("service_healthy");
                assertThat(healthCheckCommand(target)).as(target + " has the health check " + name + " waits for")
                        .isNotEmpty();
            }
        }));
    }

    @ParameterizedTest(name = "{0} gets only GENPICZ variables its config record reads")
    @MethodSource("genpiczServices")
    void everyGenpiczVariableAServiceGetsIsOneItsConfigReads(String name) {
        Set<String> read = namesReadBuildingConfig(name);
        Set<String> given = containerEnvironment(name).keySet().stream()
                .filter(variable -> variable.startsWith("GENPICZ_"))
                .filter(variable -> !READ_OUTSIDE_CONFIG.containsKey(variable))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(given).as("GENPICZ variables compose gives %s", name).isNotEmpty();
        assertThat(read).as("what %s reads", name).containsAll(given);
    }

    @ParameterizedTest(name = "{0} gets every variable whose default cannot work in a container")
    @MethodSource("genpiczServices")
    void everyVariableWithoutAContainerDefaultIsSet(String name) {
        Map<String, String> environment = containerEnvironment(name);
        namesReadBuildingConfig(name).stream()
                .filter(NO_CONTAINER_DEFAULT::contains)
                .forEach(variable -> assertThat(environment.get(variable)).as(name + " " + variable).isNotBlank());
        assertThat(namesReadBuildingConfig(name)).as("every service reads the Kafka address")
                .contains("GENPICZ_KAFKA_BOOTSTRAP_SERVERS");
    }

    @ParameterizedTest(name = "{0} reaches Kafka, PostgreSQL and S3 by container names and waits for them")
    @MethodSource("genpiczServices")
    void everyAddressAServiceReadsNamesAContainerItWaitsFor(String name) {
        Map<String, String> environment = containerEnvironment(name);
        Set<String> read = namesReadBuildingConfig(name);
        CONTAINER_ADDRESSES.stream().filter(read::contains).forEach(variable -> {
            assertThat(environment.get(variable)).as(name + " " + variable).isNotBlank();
            for (String host : hostsIn(environment.get(variable))) {
                assertThat(services).as(name + " " + variable + " names a compose service").containsKey(host);
                assertThat(dependencies(name)).as(name + " waits for " + host)
                        .containsEntry(host, "service_healthy");
            }
        });
    }

    @Test
    void kafkaIsOneCombinedKraftNodeThatAcceptsImageRecordsAtTheAddressTheServicesUse() {
        Map<String, String> kafka = containerEnvironment("kafka");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES").split(",")).containsExactlyInAnyOrder("broker", "controller");
        assertThat(Integer.parseInt(kafka.get("KAFKA_MESSAGE_MAX_BYTES")))
                .isGreaterThan(TopicCatalog.IMAGE_RECORD_MAX_BYTES);
        assertThat(Integer.parseInt(kafka.get("KAFKA_REPLICA_FETCH_MAX_BYTES")))
                .isGreaterThan(TopicCatalog.IMAGE_RECORD_MAX_BYTES);
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(kafka.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
        Set<String> advertised = Arrays.stream(kafka.get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .map(listener -> listener.substring(listener.indexOf("://") + 3))
                .collect(Collectors.toSet());
        genpiczServices().forEach(name -> {
            KafkaConfig config = KafkaConfig.from(new Env(containerEnvironment(name)));
            assertThat(config.replicationFactor()).as(name + " replication factor on one broker").isEqualTo(1);
            assertThat(advertised).as(name + " bootstraps from an advertised listener")
                    .containsAll(List.of(config.bootstrapServers().split(",")));
        });
    }

    @Test
    void databaseSettingsMatchThePostgresContainer() {
        Map<String, String> postgres = containerEnvironment("postgres");
        List<String> users = genpiczServices()
                .filter(name -> namesReadBuildingConfig(name).contains("GENPICZ_DB_URL"))
                .toList();
        assertThat(users).contains("accounting-service", "ingress-api", "webhook-service");
        for (String name : users) {
            DatabaseConfig config = DatabaseConfig.from(new Env(containerEnvironment(name)));
            URI url = URI.create(config.jdbcUrl().substring("jdbc:".length()));
            assertThat(url.getPort()).as(name + " port").isEqualTo(5432);
            assertThat(url.getPath()).as(name + " database").isEqualTo("/" + postgres.get("POSTGRES_DB"));
            assertThat(config.user()).as(name + " user").isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(config.password()).as(name + " password").isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        }
    }

    @Test
    void storageUsesTheMinioCredentialsAndABucketAnyoneCanDownloadFrom() {
        StorageConfig storage = StorageConfig.from(new Env(containerEnvironment("storage-service")));
        Map<String, String> minio = containerEnvironment("minio");
        assertThat(storage.s3AccessKey()).isEqualTo(minio.get("MINIO_ROOT_USER"));
        assertThat(storage.s3SecretKey()).isEqualTo(minio.get("MINIO_ROOT_PASSWORD")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(URI.create(storage.s3Endpoint()).getPort()).isEqualTo(9000);

        String job = bucketJob();
        assertThat(containerEnvironment(job).get("BUCKET")).isEqualTo(storage.bucket());
        assertThat(String.join(" ", asStrings(service(job).get("command"))))
                .contains("mc mb --ignore-existing \"genpicz/$BUCKET\"")
                .contains("mc anonymous set download \"genpicz/$BUCKET\"");

        URI publicUrl = URI.create(storage.publicBaseUrl());
        assertThat(publicUrl.getPath()).as("clients download from the bucket").isEqualTo("/" + storage.bucket());
        assertThat(publishedPorts("minio")).as("the public image URL's port is MinIO's published API port")
                .containsEntry(publicUrl.getPort(), 9000);
    }

    @Test
    void theIngressPortsArePublishedAndItsReadinessIsTheHealthCheck() {
        IngressConfig config = IngressConfig.from(new Env(configurableEnvironment("ingress-api")));
        int port = config.port();
        assertThat(publishedPorts("ingress-api")).containsValue(port);
        assertThat(publishedPorts("ingress-api")).as("clients use HTTPS").containsValue(config.httpsPort());
        assertThat(config.tls()).as("the API serves TLS itself").isNotNull();
        assertThat(healthCheckCommand("ingress-api"))
                .containsSubsequence("/app/bin/healthcheck", "http")
                .anySatisfy(argument -> assertThat(argument).endsWith(":" + config.operations().port() + "/readyz"));
    }

    @ParameterizedTest(name = "{0} is healthy when its operations port says it is ready")
    @ValueSource(strings = {"accounting-service", "inference-service", "storage-service", "webhook-service"})
    void everyWorkerIsHealthCheckedOnItsReadiness(String name) {
        int port = com.genpicz.common.config.OperationsConfig.from(new Env(configurableEnvironment(name))).port();
        assertThat(healthCheckCommand(name)).containsSubsequence("/app/bin/healthcheck", "http")
                .anySatisfy(argument -> assertThat(argument).isEqualTo("http://127.0.0.1:" + port + "/readyz"));
    }

    @Test
    void theWorkerHealthCheckPassesOnlyWhileConnectedToKafka() throws Exception {
        assumeThat(Path.of("/proc/net/tcp")).as("Linux, like the containers").exists();
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String bootstrap = "unused.invalid:1," + "127.0.0.1:" + broker.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), broker.getLocalPort());
                 Socket accepted = broker.accept()) {
                assertThat(runHealthCheck(bootstrap)).as("connected").isZero();
            }
            assertThat(runHealthCheck(bootstrap)).as("disconnected").isEqualTo(1);
        }
    }

    @Test
    void mainClassesNamedInTheBuildArgumentsExistInTheModulesTheImageBuilds() throws Exception {
        Matcher builtModules = Pattern.compile("ARG SERVICES=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(builtModules.find()).as("the Dockerfile lists the modules it builds").isTrue();
        List<String> built = List.of(builtModules.group(1).trim().split("\\s+"));
        for (String name : CONFIGS.keySet()) {
            Map<String, String> args = buildArguments(name);
            String module = args.get("MODULE");
            assertThat(REPO.resolve(module).resolve("pom.xml")).as(name + " module").isRegularFile();
            assertThat(built).as("modules the Dockerfile builds").contains(module);

            Class<?> mainClass = Class.forName(args.get("MAIN_CLASS"));
            Method main = mainClass.getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(mainClass + " main is static").isTrue();
            assertThat(mainClass.getProtectionDomain().getCodeSource().getLocation().getPath())
                    .as(mainClass + " comes from module " + module)
                    .contains("/" + module);
        }
    }

    @Test
    void theDockerfileDeclaresTheBuildArgumentsAndRunsDjlOfflineWithAWritableCache() {
        CONFIGS.keySet().forEach(name -> buildArguments(name).keySet().forEach(argument ->
                assertThat(dockerfile).as(name + " build argument " + argument).containsPattern("(?m)^ARG " + argument + "\\b")));
        assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                .contains("FROM eclipse-temurin:17-jre")
                .contains("-Dai.djl.offline=true")
                .contains("DJL_CACHE_DIR=/var/cache/genpicz/djl")
                .contains("install -d -o genpicz -g genpicz /var/cache/genpicz /var/cache/genpicz/djl")
                .contains("USER genpicz");
    }

    @Test
    void theModelFolderInferenceLoadsIsOneTheImageCopiesFromTheRepository() {
        String modelDir = containerEnvironment("inference-service").get("GENPICZ_MODEL_DIR");
        assertThat(modelDir).startsWith(APP_DIR + "models/");
        assertThat(repositoryPathOf(modelDir).resolve("model.json")).isRegularFile();
        assertThat(dockerfile).contains("cp -r models /out/inference-service/models");
    }

    @Test
    void inferenceCanBeScaledOutWithoutNameOrPortClashes() {
        Map<String, Object> inference = service("inference-service");
        assertThat(inference).doesNotContainKeys("container_name", "ports");
        assertThat(asMap(inference.get("deploy"))).containsEntry("replicas", 1);
    }

    @Test
    void variablesReadOutsideTheConfigRecordsAreReallyRead() throws IOException {
        for (Map.Entry<String, String> entry : READ_OUTSIDE_CONFIG.entrySet()) {
            assertThat(Files.readString(REPO.resolve(entry.getValue()))).contains("${" + entry.getKey());
        }
    }

    private static Set<String> namesReadBuildingConfig(String name) {
        Env env = new Env(configurableEnvironment(name));
        CONFIGS.get(name).apply(env);
        return env.namesRead();
    }

    /** The container's environment with paths inside the image replaced by their counterparts here. */
    private static Map<String, String> configurableEnvironment(String name) {
        Map<String, String> environment = new TreeMap<>(containerEnvironment(name));
        environment.computeIfPresent("GENPICZ_MODEL_DIR", (variable, path) -> repositoryPathOf(path).toString());
        // The keystore is made by the tls-init job inside the volume; any readable file stands in for it here.
        environment.computeIfPresent("GENPICZ_TLS_KEYSTORE", (variable, path) -> REPO.resolve("docker-compose.yml").toString());
        return environment;
    }

    /** A path inside the image's working directory, as a path in this repository. */
    private static Path repositoryPathOf(String containerPath) {
        return containerPath.startsWith(APP_DIR) ? REPO.resolve(containerPath.substring(APP_DIR.length())) : Path.of(containerPath);
    }

    private static int runHealthCheck(String bootstrapServers) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", REPO.resolve("deploy/healthcheck.sh").toString(), "kafka")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("GENPICZ_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        Process process = builder.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("health check finished").isTrue();
        return process.exitValue();
    }

    private static String bucketJob() {
        List<String> jobs = services.keySet().stream()
                .filter(DockerComposeFileTest::isOneShotJob)
                .filter(name -> String.valueOf(service(name).get("image")).contains("minio/mc:"))
                .toList();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return asMap(services.get(name));
    }

    private static boolean isOneShotJob(String name) {
        return "no".equals(String.valueOf(service(name).get("restart")));
    }

    private static Map<String, String> containerEnvironment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof List<?> assignments) {
            assignments.forEach(assignment -> {
                String[] parts = String.valueOf(assignment).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else if (environment != null) {
            asMap(environment).forEach((variable, value) -> variables.put(variable, value == null ? "" : value.toString()));
        }
        return variables;
    }

    private static Map<String, String> buildArguments(String name) {
        Map<String, String> args = new TreeMap<>();
        asMap(asMap(service(name).get("build")).get("args")).forEach((key, value) -> args.put(key, String.valueOf(value)));
        assertThat(args).as(name + " build arguments").containsKeys("MODULE", "MAIN_CLASS");
        return args;
    }

    /** {@code depends_on} target → condition; the short list form has no condition. */
    private static Map<String, String> dependencies(String name) {
        Object dependsOn = service(name).get("depends_on");
        Map<String, String> conditions = new TreeMap<>();
        if (dependsOn instanceof List<?> targets) {
            targets.forEach(target -> conditions.put(String.valueOf(target), "none"));
        } else if (dependsOn != null) {
            asMap(dependsOn).forEach((target, options) ->
                    conditions.put(target, String.valueOf(asMap(options).getOrDefault("condition", "none"))));
        }
        return conditions;
    }

    private static List<String> healthCheckCommand(String name) {
        Object healthcheck = service(name).get("healthcheck");
        if (healthcheck == null || Boolean.TRUE.equals(asMap(healthcheck).get("disable"))) {
            return List.of();
        }
        return asStrings(asMap(healthcheck).get("test"));
    }

    /** Published container port by host port, from the short {@code [IP:]HOST:CONTAINER} syntax. */
    private static Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new TreeMap<>();
        for (String mapping : asStrings(service(name).get("ports"))) {
            String[] parts = mapping.split(":");
            assertThat(parts.length).as(name + " port " + mapping + " names host and container port").isGreaterThanOrEqualTo(2);
            ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
        }
        return ports;
    }

    /** The hosts in a bootstrap list ({@code a:9092,b:9092}), a JDBC URL or an HTTP URL. */
    private static List<String> hostsIn(String address) {
        if (address.contains("://")) {
            return List.of(URI.create(address.replaceFirst("^jdbc:", "")).getHost());
        }
        return Arrays.stream(address.split(",")).map(server -> server.substring(0, server.lastIndexOf(':'))).toList();
    }

    private static List<String> asStrings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertThat(value).as("a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /**
     * Compose's variable interpolation ({@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}},
     * {@code ${VAR:?error}}, {@code ${VAR:+other}}, {@code $$}) over the given variables; remembers the references
     * that had neither a value nor a default.
     */
    private static final class ComposeVariables {

        private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        private final Map<String, String> values;
        private final List<String> withoutValue = new ArrayList<>();

        ComposeVariables(Map<String, String> values) {
            this.values = values;
        }

        Object resolveAll(Object node) {
            if (node instanceof Map<?, ?> map) {
                Map<String, Object> resolved = new LinkedHashMap<>();
                map.forEach((key, value) -> resolved.put(String.valueOf(key), resolveAll(value)));
                return resolved;
            }
            if (node instanceof List<?> list) {
                return list.stream().map(this::resolveAll).toList();
            }
            return node instanceof String text ? resolve(text) : node;
        }

        List<String> referencesWithoutValue() {
            return List.copyOf(withoutValue);
        }

        String resolve(String text) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c != '$' || i + 1 == text.length()) {
                    out.append(c);
                    i++;
                } else if (text.charAt(i + 1) == '$') {
                    out.append('$');
                    i += 2;
                } else if (text.charAt(i + 1) == '{') {
                    int end = closingBrace(text, i + 2);
                    out.append(substitute(text.substring(i + 2, end)));
                    i = end + 1;
                } else {
                    Matcher name = BARE_NAME.matcher(text).region(i + 1, text.length());
                    if (name.lookingAt()) {
                        out.append(substitute(name.group()));
                        i = name.end();
                    } else {
                        out.append(c);
                        i++;
                    }
                }
            }
            return out.toString();
        }

        private String substitute(String expression) {
            Matcher name = BARE_NAME.matcher(expression);
            if (!name.lookingAt()) {
                throw new IllegalArgumentException("bad variable reference ${" + expression + "}");
            }
            String variable = name.group();
            String operator = expression.substring(variable.length());
            String value = values.get(variable);
            boolean colon = operator.startsWith(":");
            boolean usable = value != null && !(colon && value.isEmpty());
            String rest = operator.isEmpty() ? "" : operator.substring(colon ? 2 : 1);
            String kind = operator.isEmpty() ? "" : operator.substring(colon ? 1 : 0, colon ? 2 : 1);
            switch (kind) {
                case "-":
                    return usable ? value : resolve(rest);
                case "+":
                    return usable ? resolve(rest) : "";
                case "", "?":
                    if (!usable) {
                        withoutValue.add(variable);
                        return "";
                    }
                    return value;
                default:
                    throw new IllegalArgumentException("bad variable reference ${" + expression + "}");
            }
        }

        private static int closingBrace(String text, int from) {
            int depth = 1;
            for (int i = from; i < text.length(); i++) {
                if (text.charAt(i) == '{') {
                    depth++;
                } else if (text.charAt(i) == '}' && --depth == 0) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unclosed ${ in " + text);
        }
    }
}
