package com.genpicz.inference.pipeline;

/** Told about every sampling run of the pipeline: how many images, how many denoising steps, how long. */
@FunctionalInterface
public interface SamplingObserver {

    SamplingObserver NONE = (images, steps, nanos) -> { };

    void sampled(int images, int steps, long nanos);
}
