package com.genpicz.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded model folder: tokenizer, text encoder, UNet and VAE decoder, with the tensor contracts of
 * docs/model-format.md. Not thread-safe; the pipeline calls it from one thread.
 */
public final class DiffusionModel implements AutoCloseable {

    private final ModelConfig config;
    private final PromptTokenizer tokenizer;
    private final TorchScriptModule textEncoder;
    private final TorchScriptModule unet;
    private final TorchScriptModule vaeDecoder;

    private DiffusionModel(ModelConfig config, PromptTokenizer tokenizer, TorchScriptModule textEncoder,
            TorchScriptModule unet, TorchScriptModule vaeDecoder) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.textEncoder = textEncoder;
        this.unet = unet;
        this.vaeDecoder = vaeDecoder;
    }

    /** Loads every file of a model folder onto {@code device}. */
    public static DiffusionModel load(Path modelDir, Device device) {
        ModelConfig config = ModelConfig.read(modelDir);
        PromptTokenizer tokenizer = PromptTokenizer.load(modelDir, config);
        TorchScriptModule textEncoder = null;
        TorchScriptModule unet = null;
        try {
            textEncoder = TorchScriptModule.load(modelDir, "text_encoder", device);
            unet = TorchScriptModule.load(modelDir, "unet", device);
            TorchScriptModule vaeDecoder = TorchScriptModule.load(modelDir, "vae_decoder", device);
            return new DiffusionModel(config, tokenizer, textEncoder, unet, vaeDecoder);
        } catch (RuntimeException e) {
            closeQuietly(unet);
            closeQuietly(textEncoder);
            tokenizer.close();
            throw e;
        }
    }

    /** The folder's model.json. */
    public ModelConfig config() {
        return config;
    }

    /** Hidden states {@code [prompts, T, D]} for the prompts, in order. */
    public NDArray encodeText(NDManager manager, List<String> prompts) {
        int length = config.maxTokenLength();
        long[] ids = new long[prompts.size() * length];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(tokenizer.encode(prompts.get(i)), 0, ids, i * length, length);
        }
        return textEncoder.forward(manager.create(ids, new Shape(prompts.size(), length)));
    }

    /** The UNet's prediction for latents {@code [B, C, h, w]}, timesteps {@code [B]} and text {@code [B, T, D]}. */
    public NDArray predict(NDArray latents, NDArray timesteps, NDArray text) {
        return unet.forward(latents, timesteps, text);
    }

    /** Images {@code [B, 3, h·f, w·f]} in about [-1, 1] from sampled latents (undoing the VAE scaling here). */
    public NDArray decode(NDArray latents) {
        return vaeDecoder.forward(latents.div((float) config.vaeScalingFactor()));
    }

    @Override
    public void close() {
        closeQuietly(vaeDecoder);
        closeQuietly(unet);
        closeQuietly(textEncoder);
        tokenizer.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing native handles at shutdown; nothing useful to do with a failure here
        }
    }
}
