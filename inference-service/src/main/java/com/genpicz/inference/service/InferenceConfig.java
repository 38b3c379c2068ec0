package com.genpicz.inference.service;

import com.genpicz.common.config.Env;
import com.genpicz.common.config.KafkaConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * inference-service settings.
 *
 * @param modelDir a model folder as described in docs/model-format.md
 * @param threads  intra-op threads libtorch may use for one render
 */
public record InferenceConfig(KafkaConfig kafka, Path modelDir, int threads) {

    public static InferenceConfig from(Env env) {
        Path modelDir = Path.of(env.string("GENPICZ_MODEL_DIR", "models/tiny-random"));
        InferenceConfig config = new InferenceConfig(
                KafkaConfig.from(env),
                modelDir,
                env.integer("GENPICZ_INFERENCE_THREADS", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 256));
        if (!Files.isRegularFile(modelDir.resolve("model.json"))) {
            env.reject("GENPICZ_MODEL_DIR must be a model folder with a model.json, but " + modelDir.toAbsolutePath()
                    + " is not");
        }
        env.validate();
        return config;
    }
}
