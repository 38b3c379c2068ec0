package com.genpicz.inference.service;

import com.genpicz.inference.pipeline.SamplingObserver;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What inference costs, in the Prometheus text format: images and failures, batches and their sizes, time per
 * denoising step, time in the pipeline, and the service's own overhead around it (consumed → published minus
 * render). Rates such as images/s come from {@code rate()} over the counters.
 */
public final class InferenceMetrics implements SamplingObserver {

    private final LongAdder images = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedImages = new LongAdder();
    private final LongAdder steps = new LongAdder();
    private final LongAdder samplingNanos = new LongAdder();
    private final LongAdder handled = new LongAdder();
    private final LongAdder renderNanos = new LongAdder();
    private final LongAdder handlingNanos = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skips = new ConcurrentHashMap<>();

    @Override
    public void sampled(int batchSize, int stepCount, long nanos) {
        batches.increment();
        batchedImages.add(batchSize);
        steps.add(stepCount);
        samplingNanos.add(nanos);
    }

    /** One generation handled: the whole handling (consumed to published) and the render call inside it. */
    public void rendered(long handlingNanosSpent, long renderNanosSpent) {
        images.increment();
        handled.increment();
        handlingNanos.add(handlingNanosSpent);
        renderNanos.add(renderNanosSpent);
    }

    public void failed(String code) {
        failures.computeIfAbsent(code, ignored -> new LongAdder()).increment();
    }

    /** A generation not rendered because it had failed already (deleted, timed out), by failure code. */
    public void skipped(String code) {
        skips.computeIfAbsent(code, ignored -> new LongAdder()).increment();
    }

    /** How many generations were skipped because they had failed with {@code code}. */
    public long skippedCount(String code) {
        LongAdder count = skips.get(code);
        return count == null ? 0 : count.sum();
    }

    /** Mean seconds of one sampling run per image, the "pure model time" of a generation. */
    public double meanSamplingSecondsPerImage() {
        long count = batchedImages.sum();
        return count == 0 ? 0 : samplingNanos.sum() / 1e9 / count;
    }

    public double meanRenderSeconds() {
        long count = handled.sum();
        return count == 0 ? 0 : renderNanos.sum() / 1e9 / count;
    }

    public double meanHandlingSeconds() {
        long count = handled.sum();
        return count == 0 ? 0 : handlingNanos.sum() / 1e9 / count;
    }

    public String prometheusText() {
        StringBuilder out = new StringBuilder();
        counter(out, "genpicz_inference_images_total", "Images rendered and published.", images.sum());
        out.append("# HELP genpicz_inference_failures_total Generations failed by inference, by code.\n")
                .append("# TYPE genpicz_inference_failures_total counter\n");
        new TreeMap<>(failures).forEach((code, count) -> out.append("genpicz_inference_failures_total{code=\"")
                .append(code).append("\"} ").append(count.sum()).append('\n'));
        out.append("# HELP genpicz_inference_skipped_total Generations not rendered because they had failed already, by code.\n")
                .append("# TYPE genpicz_inference_skipped_total counter\n");
        new TreeMap<>(skips).forEach((code, count) -> out.append("genpicz_inference_skipped_total{code=\"")
                .append(code).append("\"} ").append(count.sum()).append('\n'));
        counter(out, "genpicz_inference_batches_total", "Sampling runs (one per batch).", batches.sum());
        counter(out, "genpicz_inference_batched_images_total", "Images over all sampling runs; divided by batches it is the mean batch size.", batchedImages.sum());
        counter(out, "genpicz_inference_steps_total", "Denoising steps over all sampling runs.", steps.sum());
        seconds(out, "genpicz_inference_sampling_seconds_total", "Time in sampling runs; divided by steps it is the time per step.", samplingNanos.sum());
        seconds(out, "genpicz_inference_render_seconds_total", "Time in the render call (queue wait for a batch, sampling, PNG).", renderNanos.sum());
        seconds(out, "genpicz_inference_handling_seconds_total", "Time from event consumed to image event published.", handlingNanos.sum());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void seconds(StringBuilder out, String name, String help, long nanos) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(String.format(Locale.ROOT, "%.6f", nanos / 1e9)).append('\n');
    }
}
