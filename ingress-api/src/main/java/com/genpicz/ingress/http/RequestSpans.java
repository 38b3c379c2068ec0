package com.genpicz.ingress.http;

import com.genpicz.common.tracing.TraceHeaders;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The server span of a request that starts or changes a generation: a child of the client's own
 * {@code traceparent} when it sends one, else a new trace. It is current (and its ids are in the logging context)
 * only while the request's synchronous part runs on this thread — the part that writes the outbox row, which keeps
 * the span's {@code traceparent} for the events the relay publishes later.
 */
final class RequestSpans {

    private final Tracer tracer;

    RequestSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    <T> T within(Context ctx, Supplier<T> work) {
        Span span = tracer.spanBuilder(ctx.method().name() + " " + ctx.endpoint().path)
                .setSpanKind(SpanKind.SERVER)
                .setParent(TraceHeaders.fromTraceparent(ctx.header("traceparent")))
                .setAttribute("http.request.method", ctx.method().name())
                .setAttribute("http.route", ctx.endpoint().path)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            if (span.getSpanContext().isValid()) {
                MDC.put("trace_id", span.getSpanContext().getTraceId());
                MDC.put("span_id", span.getSpanContext().getSpanId());
            }
            return work.get();
        } finally {
            span.end();
            MDC.remove("trace_id");
            MDC.remove("span_id");
        }
    }
}
