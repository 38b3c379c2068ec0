package com.genpicz.inference.service;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import com.genpicz.common.config.OperationsConfig;
import com.genpicz.inference.pipeline.InferenceDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * inference-service settings.
 *
 * @param modelDir a model folder as described in docs/model-format.md
 * @param threads   intra-op threads libtorch may use for one render
 * @param batchSize the most authorized generations rendered together (and handled at once by the consumer)
 * @param batchWait how long the first generation of a batch waits for others with the same size and steps
 * @param device    auto (a GPU when libtorch has CUDA and sees one, else the CPU), cpu or gpu
 * @param failedLookback how far back the outcomes topic is read at start to learn which generations failed
 *                  already (deleted, timed out) and need no render
 * @param operations the operations port ({@code /metrics}, {@code /livez}, {@code /readyz}) and instance id
 */
public record InferenceConfig(KafkaConfig kafka, Path modelDir, int threads, int batchSize, Duration batchWait,
                              InferenceDevice device, Duration failedLookback, OperationsConfig operations) {

    public static InferenceConfig from(Env env) {
        Path modelDir = Path.of(env.string("GENPICZ_MODEL_DIR", "models/tiny-random"));
        InferenceConfig config = new InferenceConfig(
                KafkaConfig.from(env),
                modelDir,
                env.integer("GENPICZ_INFERENCE_THREADS", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256),
                env.integer("GENPICZ_INFERENCE_BATCH_SIZE", 4, 1, 64),
                env.duration("GENPICZ_INFERENCE_BATCH_WAIT", Duration.ofMillis(50)),
                env.choice("GENPICZ_INFERENCE_DEVICE", InferenceDevice.class, InferenceDevice.AUTO),
                env.duration("GENPICZ_FAILED_LOOKBACK", Duration.ofMinutes(30)),
                OperationsConfig.from(env));
        if (!Files.isRegularFile(modelDir.resolve("model.json"))) {
            env.reject("GENPICZ_MODEL_DIR must be a model folder with a model.json, but " + modelDir.toAbsolutePath()
                    + " is not");
        }
        env.validate();
        return config;
    }
}
