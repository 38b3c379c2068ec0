package com.genpicz.webhook;

import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.ServiceProcess;

/** Entry point of the webhook-service container. */
public final class WebhookMain {

    private WebhookMain() {
    }

    public static void main(String[] args) {
        ServiceProcess.run("webhook-service", () -> WebhookService.start(WebhookConfig.from(Env.system())));
    }
}
