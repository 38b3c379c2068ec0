package com.genpicz.devstack;

import com.genpicz.accounting.AccountingConfig;
import com.genpicz.accounting.AccountingService;
import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.RunningService;
import com.genpicz.inference.service.InferenceConfig;
import com.genpicz.inference.service.InferenceService;
import com.genpicz.ingress.IngressConfig;
import com.genpicz.ingress.IngressService;
import com.genpicz.storage.StorageConfig;
import com.genpicz.storage.StorageService;
import com.genpicz.webhook.WebhookConfig;
import com.genpicz.webhook.WebhookService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * All five services in one process, configured from one set of environment variables — the same variables each
 * service's container reads in docker-compose.yml.
 */
public final class Platform implements RunningService {

    private final List<RunningService> services;
    private final IngressService ingress;

    private Platform(List<RunningService> services, IngressService ingress) {
        this.services = services;
        this.ingress = ingress;
    }

    /** Starts the services downstream first, so that the API only opens once everything behind it runs. */
    public static Platform start(Map<String, String> environment) {
        List<RunningService> started = new ArrayList<>();
        try {
            started.add(AccountingService.start(AccountingConfig.from(new Env(environment))));
            started.add(StorageService.start(StorageConfig.from(new Env(environment))));
            started.add(WebhookService.start(WebhookConfig.from(new Env(environment))));
            started.add(InferenceService.start(InferenceConfig.from(new Env(environment))));
            IngressService ingress = IngressService.start(IngressConfig.from(new Env(environment)));
            started.add(ingress);
            return new Platform(started, ingress);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    public IngressService ingress() {
        return ingress;
    }

    /** Each service's operations port ({@code /metrics}, {@code /livez}, {@code /readyz}), by service name. */
    public Map<String, Integer> operationsPorts() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (RunningService service : services) {
            ports.put(serviceName(service), service.operationsPort());
        }
        return ports;
    }

    private static String serviceName(RunningService service) {
        if (service instanceof AccountingService) {
            return "accounting-service";
        }
        if (service instanceof StorageService) {
            return "storage-service";
        }
        if (service instanceof WebhookService) {
            return "webhook-service";
        }
        if (service instanceof InferenceService) {
            return "inference-service";
        }
        return "ingress-api";
    }

    @Override
    public CompletableFuture<Void> failure() {
        return CompletableFuture.anyOf(services.stream().map(RunningService::failure).toArray(CompletableFuture[]::new))
                .thenApply(ignored -> null);
    }

    @Override
    public void close() {
        closeAll(services);
    }

    /** The API first, so that nothing new comes in while the pipeline drains. */
    private static void closeAll(List<RunningService> services) {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
