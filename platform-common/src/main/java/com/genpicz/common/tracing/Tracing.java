package com.genpicz.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * One service's OpenTelemetry: a tracer whose spans follow a generation across the Kafka hops (W3C
 * {@code traceparent} in record headers, see {@link TraceHeaders}). Configured by the standard {@code OTEL_*}
 * environment variables through the SDK's autoconfiguration, with one difference: nothing is exported unless
 * {@code OTEL_TRACES_EXPORTER} asks for it ({@code otlp}, to a collector at {@code OTEL_EXPORTER_OTLP_ENDPOINT}).
 * Without an exporter, spans still carry trace ids, so logs of one generation share one {@code trace_id}.
 */
public final class Tracing implements AutoCloseable {

    private static final String SCOPE = "com.genpicz";
    /**
     * The SDK warns (through java.util.logging, once per service) that our {@code service.instance.id} replaces
     * the one its resource detection made up; replacing it is the point. Held here because JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger RESOURCE_WARNINGS =
            java.util.logging.Logger.getLogger("io.opentelemetry.sdk.resources.ResourceBuilder");

    static {
        RESOURCE_WARNINGS.setLevel(java.util.logging.Level.SEVERE);
    }

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** The SDK for {@code service}, reading {@code OTEL_*}; never registered as the global instance. */
    public static Tracing start(String service, String instanceId) {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        "otel.service.name", service,
                        "otel.resource.attributes", "service.instance.id=" + instanceId))
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
    }

    /** No spans of its own: extracted trace contexts still pass through, so trace ids still propagate. */
    public static Tracing none() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(SCOPE);
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
    }
}
