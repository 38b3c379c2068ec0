package com.genpicz.common.lifecycle;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.OperationsConfig;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service as a process: starts it, stops it cleanly on SIGTERM/Ctrl-C, and exits non-zero when part of it
 * failed fatally so that the orchestrator restarts it.
 */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    public static void run(String name, Supplier<RunningService> starter) {
        // Before the first logger exists: the logging configuration reads them once, into every line it writes.
        System.setProperty("genpicz.service", name);
        System.setProperty("genpicz.instance", OperationsConfig.instanceIdOf(Env.system()));
        Logger log = LoggerFactory.getLogger(ServiceProcess.class);
        RunningService service;
        try {
            service = starter.get();
        } catch (RuntimeException e) {
            log.error("event=service_start_failed service={} reason=\"{}\"", name, e.getMessage(), e);
            System.exit(2);
            return;
        }
        log.info("event=service_started service={}", name);
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            shutdown.complete(null);
            log.info("event=service_stopped service={}", name);
        }, name + "-shutdown"));
        try {
            CompletableFuture.anyOf(shutdown, service.failure()).join();
        } catch (RuntimeException e) {
            log.error("event=service_failed service={} reason=\"{}\"", name, e.getMessage(), e);
            System.exit(1);
        }
    }
}
