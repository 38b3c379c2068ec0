package com.genpicz.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/architecture.md, checked on the compiled main code of every module: a service
 * never uses another service's classes (what it needs arrives in events), the shared module knows no service, and
 * no service depends on the local-run tooling.
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

    @Test
    void noServiceDependsOnTheEmbeddedServersOrTheLocalLaunchers() {
        noClasses().that().resideInAnyPackage(SERVICES.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("com.genpicz.infra..", "com.genpicz.devstack..",
                        "com.genpicz.cluster..")
                .because("the embedded servers and launchers are for running locally and for tests only")
                .check(main);
    }
}
