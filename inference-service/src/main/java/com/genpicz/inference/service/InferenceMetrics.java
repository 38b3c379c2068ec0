package com.genpicz.inference.service;

import com.genpicz.inference.pipeline.SamplingObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What inference costs: images and failures, batch sizes, denoising steps, and as histograms the time each image
 * waited for its batch, each sampling run, the render call and the whole handling (consumed to published). Rates
 * such as images/s come from {@code rate()} over the counters; the means here serve the benchmarks.
 */
public final class InferenceMetrics implements SamplingObserver {

    private final MeterRegistry registry;
    private final Counter images;
    private final Counter steps;
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer sampling;
    private final Timer render;
    private final Timer handling;
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<String, Counter> skips = new ConcurrentHashMap<>();

    /** With a registry of its own, for tests and benchmarks that read the means. */
    public InferenceMetrics() {
        this(new SimpleMeterRegistry());
    }

    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        images = Counter.builder("genpicz.inference.images").description("Images rendered and published")
                .register(registry);
        steps = Counter.builder("genpicz.inference.steps").description("Denoising steps over all sampling runs")
                .register(registry);
        batchSize = DistributionSummary.builder("genpicz.inference.batch.size")
                .description("Images per sampling run").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        queueWait = histogram("genpicz.inference.queue.wait", "Time an image waited for its batch to start");
        sampling = histogram("genpicz.inference.sampling", "Time of one sampling run (a whole batch)");
        render = histogram("genpicz.inference.render", "Time in the render call: queue wait, sampling, PNG encoding");
        handling = histogram("genpicz.inference.handling", "From event consumed to image event published");
    }

    private Timer histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram().register(registry);
    }

    @Override
    public void sampled(int batchImages, int stepCount, long nanos) {
        batchSize.record(batchImages);
        steps.increment(stepCount);
        sampling.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void waited(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One generation handled: the whole handling (consumed to published) and the render call inside it. */
    public void rendered(long handlingNanosSpent, long renderNanosSpent) {
        images.increment();
        handling.record(handlingNanosSpent, TimeUnit.NANOSECONDS);
        render.record(renderNanosSpent, TimeUnit.NANOSECONDS);
    }

    public void failed(String code) {
        failures.computeIfAbsent(code, ignored -> Counter.builder("genpicz.inference.failures").tag("code", code)
                .description("Generations failed by inference, by code").register(registry)).increment();
    }

    /** A generation not rendered because it had failed already (deleted, timed out), by failure code. */
    public void skipped(String code) {
        skips.computeIfAbsent(code, ignored -> Counter.builder("genpicz.inference.skipped").tag("code", code)
                .description("Generations not rendered because they had failed already, by code")
                .register(registry)).increment();
    }

    /** How many generations were skipped because they had failed with {@code code}. */
    public long skippedCount(String code) {
        Counter count = skips.get(code);
        return count == null ? 0 : (long) count.count();
    }

    /** Mean seconds of one sampling run per image, the "pure model time" of a generation. */
    public double meanSamplingSecondsPerImage() {
        double count = batchSize.totalAmount();
        return count == 0 ? 0 : sampling.totalTime(TimeUnit.SECONDS) / count;
    }

    public double meanRenderSeconds() {
        return render.mean(TimeUnit.SECONDS);
    }

    public double meanHandlingSeconds() {
        return handling.mean(TimeUnit.SECONDS);
    }
}
