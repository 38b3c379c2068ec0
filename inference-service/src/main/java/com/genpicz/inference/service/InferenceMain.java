package com.genpicz.inference.service;

import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.ServiceProcess;

/** Entry point of the inference-service container. */
public final class InferenceMain {

    private InferenceMain() {
    }

    public static void main(String[] args) {
        ServiceProcess.run("inference-service", () -> InferenceService.start(InferenceConfig.from(Env.system())));
    }
}
