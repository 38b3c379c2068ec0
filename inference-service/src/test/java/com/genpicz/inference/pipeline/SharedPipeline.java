package com.genpicz.inference.pipeline;

import com.genpicz.inference.model.TinyModel;

/**
 * One tiny-model pipeline for the whole test JVM, as in production (one model load per process). One libtorch
 * thread: the test machine is shared, and an OpenMP team of two on a busy 2-core box mostly waits.
 */
final class SharedPipeline {

    private static DiffusionPipeline pipeline;

    private SharedPipeline() {}

    static synchronized DiffusionPipeline get() {
        if (pipeline == null) {
            pipeline = DiffusionPipeline.load(TinyModel.folder(), 1);
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
        }
        return pipeline;
    }
}
