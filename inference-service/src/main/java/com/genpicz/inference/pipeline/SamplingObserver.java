package com.genpicz.inference.pipeline;

/**
 * Told about every sampling run of the pipeline (how many images, how many denoising steps, how long) and, by the
 * batching renderer, how long each image waited for its batch.
 */
@FunctionalInterface
public interface SamplingObserver {

    SamplingObserver NONE = (images, steps, nanos) -> { };

    void sampled(int images, int steps, long nanos);

    /** One image waited {@code nanos} from its render call until its batch started. */
    default void waited(long nanos) {
    }
}
