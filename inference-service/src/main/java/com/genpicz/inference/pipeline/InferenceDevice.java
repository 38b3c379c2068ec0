package com.genpicz.inference.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

/**
 * Where the model runs. {@link #AUTO} takes the first GPU when the libtorch on the classpath was built with CUDA
 * (a {@code pytorch-native-cu*} jar instead of {@code pytorch-native-cpu}) and sees one, and the CPU otherwise.
 */
public enum InferenceDevice {
    AUTO,
    CPU,
    GPU;

    /** The device to load and run on, or an IllegalStateException saying why a GPU was asked for in vain. */
    Device resolve(Engine engine) {
        boolean cuda = engine.hasCapability(StandardCapabilities.CUDA);
        boolean gpuUsable = cuda && engine.getGpuCount() > 0;
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpuUsable ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (!gpuUsable) {
                    throw new IllegalStateException("a GPU was asked for but libtorch " + (cuda ? "sees none"
                            : "was built without CUDA (put a pytorch-native-cu* jar on the classpath)"));
                }
                yield Device.gpu();
            }
        };
    }
}
