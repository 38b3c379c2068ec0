package com.genpicz.cluster;

import java.util.Locale;

/** The five services, each started from its own main class as its container would be. */
public enum ServiceKind {
    ACCOUNTING("accounting-service", "com.genpicz.accounting.AccountingMain"),
    STORAGE("storage-service", "com.genpicz.storage.StorageMain"),
    WEBHOOK("webhook-service", "com.genpicz.webhook.WebhookMain"),
    INFERENCE("inference-service", "com.genpicz.inference.service.InferenceMain"),
    INGRESS("ingress-api", "com.genpicz.ingress.IngressMain");

    /** What ServiceProcess logs once a service runs. */
    static final String READY = "event=service_started";

    private final String serviceName;
    private final String mainClass;

    ServiceKind(String serviceName, String mainClass) {
        this.serviceName = serviceName;
        this.mainClass = mainClass;
    }

    public String serviceName() {
        return serviceName;
    }

    String mainClass() {
        return mainClass;
    }

    /** The command-line flag that sets this service's instance count, e.g. {@code --inference}. */
    String flag() {
        return "--" + name().toLowerCase(Locale.ROOT);
    }
}
