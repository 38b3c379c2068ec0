package com.genpicz.common.operations;

import com.genpicz.common.config.OperationsConfig;
import com.genpicz.common.tracing.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.CompletableFuture;

/**
 * One instance's operations side: who it is, its tracer, its meters (JVM and process ones bound, every series
 * tagged with {@code service} and {@code instance}), its readiness, and the port serving them. A service starts it
 * first, so that probes answer "not ready" while the rest starts, and closes it last, so that its metrics outlive
 * the drain.
 */
public final class Operations implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final Readiness readiness = new Readiness();
    private final Tracing tracing;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final OperationsServer server;
    private volatile CompletableFuture<Void> failure = new CompletableFuture<>();

    private Operations(String service, OperationsConfig config) {
        String instanceId = config.instanceId();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service, "instance", instanceId);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        this.tracing = Tracing.start(service, instanceId);
        this.server = config.port() < 0 ? null
                : OperationsServer.start(config.port(), registry, readiness, () -> !failure.isCompletedExceptionally());
    }

    public static Operations start(String service, OperationsConfig config) {
        return new Operations(service, config);
    }

    /**
     * Starts the operations side first, then the service with it; if the service does not start, the operations
     * side is closed again, so that a failed start leaves no port open behind the error.
     */
    public static <T> T startFirst(String service, OperationsConfig config,
                                   java.util.function.Function<Operations, T> starter) {
        Operations operations = start(service, config);
        try {
            return starter.apply(operations);
        } catch (RuntimeException e) {
            operations.close();
            throw e;
        }
    }

    public MeterRegistry meters() {
        return registry;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Spans of this instance, exported only where {@code OTEL_TRACES_EXPORTER} says (docs/operations.md). */
    public Tracer tracer() {
        return tracing.tracer();
    }

    /** Start-up is over; from now on liveness follows {@code failure} (a loop or worker that died). */
    public void running(CompletableFuture<Void> failure) {
        this.failure = failure;
        readiness.started();
    }

    /** Shutdown begins: readiness goes down first, so that traffic moves away while the instance drains. */
    public void stopping() {
        readiness.stopping();
    }

    /** The port serving {@code /metrics}, {@code /livez} and {@code /readyz}; -1 when turned off. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        readiness.close();
        tracing.close();
        gcMetrics.close();
        registry.close();
    }
}
