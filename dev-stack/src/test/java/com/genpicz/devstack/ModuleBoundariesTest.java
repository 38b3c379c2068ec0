package com.genpicz.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md: a service never uses another service's classes (what it needs
 * arrives in events or through the owner's API), the shared module knows no service, no service depends on the
 * local-run tooling (all checked on the compiled main code), and no service's SQL names another's table.
 */
class ModuleBoundariesTest {

    private static final List<String> SERVICES = List.of("com.genpicz.ingress..", "com.genpicz.accounting..",
            "com.genpicz.inference..", "com.genpicz.storage..", "com.genpicz.webhook..");
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ModuleBoundariesTest::isNotATestJar)
                .importPackages("com.genpicz");
        // Rules over an empty import would pass without checking anything.
        for (String service : List.of("com.genpicz.ingress.IngressService", "com.genpicz.accounting.AccountingService",
                "com.genpicz.inference.service.InferenceService", "com.genpicz.storage.StorageService",
                "com.genpicz.webhook.WebhookService", "com.genpicz.common.kafka.EventConsumerLoop")) {
            if (!main.contain(service)) {
                throw new AssertionError(service + " was not imported: the rules would check nothing");
            }
        }
    }

    private static boolean isNotATestJar(Location location) {
        return !location.contains("-tests.jar") && !location.contains("/test-classes/");
    }

    @Test
    void noServiceUsesAnotherServicesClasses() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(other -> !other.equals(service)).toArray(String[]::new);
            noClasses().that().resideInAPackage(service)
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("services talk through events and APIs, not each other's classes")
                    .check(main);
        }
    }

    @Test
    void theSharedModuleKnowsNoServiceAndNoLocalTooling() {
        String[] forbidden = java.util.stream.Stream.concat(SERVICES.stream(),
                java.util.stream.Stream.of("com.genpicz.infra..", "com.genpicz.devstack..", "com.genpicz.cluster.."))
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("com.genpicz.common..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .check(main);
    }

    /**
     * Which services' SQL may name each table. {@code accounts} is shared by column: ingress creates the row and
     * owns everything but {@code credits}, which only accounting writes (grants arrive through its internal API);
     * ingress reads the balance for its intake check.
     */
    private static final Map<String, Set<String>> TABLE_USERS = Map.ofEntries(
            Map.entry("accounts", Set.of("ingress-api", "accounting-service")),
            Map.entry("api_keys", Set.of("ingress-api")),
            Map.entry("generations", Set.of("ingress-api")),
            Map.entry("outbox", Set.of("ingress-api")),
            Map.entry("rate_limit_windows", Set.of("ingress-api")),
            Map.entry("credit_ledger", Set.of("accounting-service")),
            Map.entry("generation_settlements", Set.of("accounting-service")),
            Map.entry("webhook_deliveries", Set.of("webhook-service")),
            Map.entry("webhook_attempts", Set.of("webhook-service")),
            Map.entry("webhook_subscriptions", Set.of("webhook-service")),
            Map.entry("generation_stages", Set.of("ingress-api")));
    private static final Pattern TABLE_REFERENCE =
            Pattern.compile("(?i)\\b(?:from|join|into|update|table)\\s+([a-z_]+)");

    @Test
    void noServiceReadsOrWritesATableItDoesNotOwn() throws IOException {
        for (String module : List.of("ingress-api", "accounting-service", "inference-service", "storage-service",
                "webhook-service")) {
            try (Stream<Path> sources = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher reference = TABLE_REFERENCE.matcher(Files.readString(source));
                    while (reference.find()) {
                        String table = reference.group(1).toLowerCase(java.util.Locale.ROOT);
                        if (TABLE_USERS.containsKey(table)) {
                            assertThat(TABLE_USERS.get(table)).as(source + " uses the table " + table).contains(module);
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyAccountingChangesABalance() throws IOException {
        Pattern balanceWrite = Pattern.compile("(?is)update\\s+accounts\\s+set[^\"]*\\bcredits\\s*=");
        for (String module : List.of("ingress-api", "inference-service", "storage-service", "webhook-service")) {
            try (Stream<Path> sources = Files.walk(Path.of("..", module, "src", "main", "java"))) {
                for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                    assertThat(balanceWrite.matcher(Files.readString(source)).find())
                            .as(source + " changes accounts.credits, which is accounting's").isFalse();
                }
            }
        }
        try (Stream<Path> sources = Files.walk(Path.of("..", "accounting-service", "src", "main", "java"))) {
            assertThat(sources.filter(path -> path.toString().endsWith(".java")).anyMatch(path -> {
                try {
                    return balanceWrite.matcher(Files.readString(path)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).as("the pattern finds accounting's own balance writes, so it can fail").isTrue();
        }
    }

    @Test
    void noServiceDependsOnTheEmbeddedServersOrTheLocalLaunchers() {
        noClasses().that().resideInAnyPackage(SERVICES.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("com.genpicz.infra..", "com.genpicz.devstack..",
                        "com.genpicz.cluster..")
                .because("the embedded servers and launchers are for running locally and for tests only")
                .check(main);
    }
}
