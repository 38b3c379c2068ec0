package com.genpicz.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * webhook-service's Prometheus metrics: attempts by outcome and their latency, the delay from a generation's outcome
 * to the first attempt and to the delivery, attempts in flight (in all and per destination), destinations held to
 * one attempt, the due backlog. The JVM's own and the consumer loops' are bound by the service's operations side.
 */
final class WebhookMetrics {

    private final MeterRegistry registry;
    private final Timer firstAttempt;
    private final Timer delivered;
    private final MultiGauge inFlightByDestination;
    private final Map<String, AttemptMeters> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Supplier<Map<String, Integer>> destinations = Map::of;

    /** With a registry of its own, for tests that read what was recorded. */
    WebhookMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        firstAttempt = Timer.builder("genpicz.webhook.first.attempt.delay")
                .description("From a generation's outcome to the start of its webhook's first attempt")
                .publishPercentileHistogram().register(registry);
        delivered = Timer.builder("genpicz.webhook.delivery.delay")
                .description("From a generation's outcome to its webhook's successful delivery")
                .publishPercentileHistogram().register(registry);
        inFlightByDestination = MultiGauge.builder("genpicz.webhook.in.flight.destination")
                .description("Attempts in flight per destination (scheme://host:port), destinations with any only")
                .register(registry);
    }

    void attempt(String outcome, long latencyMillis) {
        attempts.computeIfAbsent(outcome, this::attemptMeters).record(latencyMillis);
    }

    /** The two meters of one outcome, found once rather than looked up in the registry on every attempt. */
    private record AttemptMeters(Counter count, Timer duration) {
        void record(long latencyMillis) {
            count.increment();
            duration.record(latencyMillis, TimeUnit.MILLISECONDS);
        }
    }

    private AttemptMeters attemptMeters(String outcome) {
        return new AttemptMeters(
                Counter.builder("genpicz.webhook.attempts").description("Webhook attempts by outcome")
                        .tag("outcome", outcome).register(registry),
                Timer.builder("genpicz.webhook.attempt.duration").description("Time one attempt took, answer included")
                        .tag("outcome", outcome).publishPercentileHistogram().register(registry));
    }

    void firstAttempt(Duration delay) {
        firstAttempt.record(delay.isNegative() ? Duration.ZERO : delay);
    }

    void delivered(Duration delay) {
        delivered.record(delay.isNegative() ? Duration.ZERO : delay);
    }

    void watchInFlight(Supplier<Number> inFlight, Supplier<Number> onProbation) {
        Gauge.builder("genpicz.webhook.in.flight", inFlight).description("Attempts in flight").register(registry);
        Gauge.builder("genpicz.webhook.destinations.on.probation", onProbation)
                .description("Destinations held to one attempt at a time after a timeout or refused connection")
                .register(registry);
    }

    /** Destinations with attempts in flight and how many each; read when scraped. */
    void watchInFlightByDestination(Supplier<Map<String, Integer>> inFlight) {
        destinations = inFlight;
    }

    void watchBacklog(Supplier<Number> backlog) {
        Gauge.builder("genpicz.webhook.due.backlog", backlog)
                .description("Due deliveries nobody has leased yet (read every few seconds)").register(registry);
    }

    /**
     * Takes the destinations busy now as the per-destination series (called every second), so that the series
     * stay as few as the destinations with attempts in flight.
     */
    void refreshDestinations() {
        inFlightByDestination.register(destinations.get().entrySet().stream()
                .map(entry -> MultiGauge.Row.of(Tags.of("destination", entry.getKey()), entry.getValue()))
                .toList(), true);
    }

    /** The text Prometheus would scrape now, for tests; the registry must be a Prometheus one. */
    String scrape() {
        refreshDestinations();
        return ((PrometheusMeterRegistry) registry).scrape();
    }
}
