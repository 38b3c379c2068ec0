package com.genpicz.devstack;

import com.genpicz.common.config.ConfigException;
import com.genpicz.common.config.Env;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code ./genpicz-local}: runs the platform locally until Ctrl-C. */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(DevStackSettings.USAGE);
            return;
        }
        DevStackSettings settings;
        try {
            settings = DevStackSettings.from(Env.system(), List.of(args));
            LocalPorts.requireFree(settings.portsByVariable());
        } catch (ConfigException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        DevStack stack;
        try {
            stack = DevStack.start(settings);
        } catch (RuntimeException e) {
            // Whatever had started is stopped already; exit even if a library left a thread behind.
            System.err.println("GenPicz did not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping GenPicz…");
            stack.close();
            stopped.complete(null);
        }, "dev-stack-shutdown"));
        printBanner(stack, settings, (System.nanoTime() - started) / 1_000_000);
        try {
            CompletableFuture.anyOf(stopped, stack.platform().failure()).join();
        } catch (RuntimeException e) {
            System.err.println("A service failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root + ")";
    }

    private static void printBanner(DevStack stack, DevStackSettings settings, long millis) {
        String https = "https://127.0.0.1:" + stack.apiHttpsPort() + "/v1";
        String http = "http://127.0.0.1:" + stack.apiPort() + "/v1";
        System.out.printf("""

                GenPicz is running (started in %.1f s).
                  API:       %s   (self-signed: trust it with curl --cacert %s)
                             %s   (plain HTTP, allowed on this machine in development mode)
                  API key:   %s
                  Admin:     %s   (bearer token for /admin/v1)
                  Data:      %s   (wipe with --fresh)
                  Model:     %s
                  Metrics:   %s
                             (Prometheus /metrics; /livez and /readyz on the same ports)

                Try it:
                  curl --cacert %s %s/generate \\
                    -H "Authorization: Bearer %s" \\
                    -H "Content-Type: application/json" \\
                    -d '{ "prompt": "a neon samurai in a cyberpunk city, cinematic lighting", "style": "cinematic", "width": 1024, "height": 1024 }'

                Press Ctrl-C to stop.
                """, millis / 1000.0, https, stack.certificatePem(), http, stack.demoKey(), stack.adminToken(),
                settings.dataDir(), settings.modelDir(), operationsUrls(stack), stack.certificatePem(), https,
                stack.demoKey());
    }

    private static String operationsUrls(DevStack stack) {
        return stack.platform().operationsPorts().entrySet().stream()
                .map(entry -> String.format("%-17s http://127.0.0.1:%d/metrics", entry.getKey(), entry.getValue()))
                .collect(java.util.stream.Collectors.joining("\n             "));
    }
}
