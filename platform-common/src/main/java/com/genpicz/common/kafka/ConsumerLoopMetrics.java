package com.genpicz.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * What one consumer loop did, tagged with its {@code loop} (the consumer group's short name): records by how they
 * ended — {@code handled}, {@code given_up} (dead-lettered, and for the work stages failed as a generation),
 * {@code abandoned} (left for the partition's next owner), {@code fatal} — handler failures that were retried, and
 * the time handling took. Consumer lag comes from the Kafka client's own metrics, bound next to these.
 */
public final class ConsumerLoopMetrics {

    private final Counter handled;
    private final Counter givenUp;
    private final Counter abandoned;
    private final Counter fatal;
    private final Counter retried;
    private final Timer handling;

    public ConsumerLoopMetrics(MeterRegistry registry, String loop) {
        handled = records(registry, loop, "handled");
        givenUp = records(registry, loop, "given_up");
        abandoned = records(registry, loop, "abandoned");
        fatal = records(registry, loop, "fatal");
        retried = Counter.builder("genpicz.consumer.retries").tag("loop", loop)
                .description("Handler failures that were retried").register(registry);
        handling = Timer.builder("genpicz.consumer.handling").tag("loop", loop)
                .description("From a record's start on a worker to its end, retries included")
                .publishPercentileHistogram().register(registry);
    }

    /** Meters that go nowhere, for loops nobody watches (tools, tests). */
    public static ConsumerLoopMetrics unobserved(String loop) {
        return new ConsumerLoopMetrics(new CompositeMeterRegistry(), loop);
    }

    private static Counter records(MeterRegistry registry, String loop, String outcome) {
        return Counter.builder("genpicz.consumer.records").tag("loop", loop).tag("outcome", outcome)
                .description("Records a consumer loop finished with, by how they ended").register(registry);
    }

    void handled(long nanos) {
        handled.increment();
        handling.record(nanos, TimeUnit.NANOSECONDS);
    }

    void givenUp(long nanos) {
        givenUp.increment();
        handling.record(nanos, TimeUnit.NANOSECONDS);
    }

    void abandoned() {
        abandoned.increment();
    }

    void fatal() {
        fatal.increment();
    }

    void retried() {
        retried.increment();
    }
}
