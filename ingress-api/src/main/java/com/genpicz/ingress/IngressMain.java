package com.genpicz.ingress;

import com.genpicz.common.config.Env;
import com.genpicz.common.lifecycle.ServiceProcess;

/** Entry point of the ingress-api container. */
public final class IngressMain {

    private IngressMain() {
    }

    public static void main(String[] args) {
        ServiceProcess.run("ingress-api", () -> IngressService.start(IngressConfig.from(Env.system())));
    }
}
