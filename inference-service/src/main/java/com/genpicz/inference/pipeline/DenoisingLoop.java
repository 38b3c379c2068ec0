package com.genpicz.inference.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.genpicz.inference.model.DiffusionModel;
import com.genpicz.inference.model.LatentSize;
import com.genpicz.inference.model.ModelConfig;
import com.genpicz.inference.sampling.GaussianNoise;
import com.genpicz.inference.sampling.Sampler;
import com.genpicz.inference.sampling.StepCoefficients;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples latents for requests of one {@link BatchShape}: text encoding, the sampler loop with classifier-free
 * guidance (conditional and unconditional rows in one UNet call) and the VAE decode. Every request keeps its own
 * seeded noise stream, so a request's pixels do not depend on what else is in the batch.
 */
final class DenoisingLoop {

    private final DiffusionModel model;

    DenoisingLoop(DiffusionModel model) {
        this.model = model;
    }

    /**
     * Decoded images {@code [n, 3, H', W']} in [-1, 1] at the sampled (not yet resampled) size, attached to
     * {@code manager}.
     */
    NDArray run(NDManager manager, BatchShape shape, List<RenderRequest> requests) {
        ModelConfig config = model.config();
        LatentSize latentSize = LatentSize.forImage(config, shape.width(), shape.height());
        Sampler sampler = shape.sampler().create(config.scheduler(), shape.steps());
        Shape itemShape = new Shape(1, config.latentChannels(), latentSize.height(), latentSize.width());
        List<GaussianNoise> noise = requests.stream().map(r -> new GaussianNoise(r.seed())).toList();

        NDArray text = model.encodeText(manager, prompts(requests, shape.guided()));
        NDArray guidance = guidanceScales(manager, requests);
        NDArray latents = drawNoise(manager, noise, itemShape).muli((float) sampler.initialNoiseScale());
        for (int step = 0; step < sampler.steps(); step++) {
            NDArray next = step(manager, sampler, step, latents, text, guidance, noise, itemShape, shape.guided());
            latents.close();
            latents = next;
        }
        NDArray images = model.decode(latents);
        requireFinite(images);
        return images;
    }

    private NDArray step(NDManager manager, Sampler sampler, int step, NDArray latents, NDArray text,
            NDArray guidance, List<GaussianNoise> noise, Shape itemShape, boolean guided) {
        // Intermediates live in a per-step scope; only the next latents survive it.
        try (NDManager scope = manager.newSubManager()) {
            latents.tempAttach(scope);
            NDArray input = latents.mul((float) sampler.inputScale(step));
            if (guided) {
                input = input.concat(input, 0);
            }
            NDArray timesteps = scope.full(new Shape(input.getShape().get(0)), sampler.modelTimestep(step));
            NDArray prediction = model.predict(input, timesteps, text);
            if (guided) {
                prediction = applyGuidance(prediction, guidance, latents.getShape().get(0));
            }
            StepCoefficients coefficients = sampler.coefficients(step);
            NDArray next = coefficients.apply(latents, prediction, () -> drawNoise(scope, noise, itemShape));
            next.attach(manager);
            return next;
        }
    }

    /** {@code uncond + scale·(cond − uncond)}, with one scale per request. */
    private static NDArray applyGuidance(NDArray prediction, NDArray guidance, long rows) {
        NDArray conditional = prediction.get("0:" + rows);
        NDArray unconditional = prediction.get(rows + ":");
        return conditional.sub(unconditional).muli(guidance).addi(unconditional);
    }

    private static List<String> prompts(List<RenderRequest> requests, boolean guided) {
        List<String> prompts = new ArrayList<>();
        requests.forEach(r -> prompts.add(r.prompt()));
        if (guided) {
            requests.forEach(r -> prompts.add(r.negativePrompt() == null ? "" : r.negativePrompt()));
        }
        return prompts;
    }

    private static NDArray guidanceScales(NDManager manager, List<RenderRequest> requests) {
        float[] scales = new float[requests.size()];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = (float) requests.get(i).guidanceScale();
        }
        return manager.create(scales, new Shape(scales.length, 1, 1, 1));
    }

    /** The next slice of every request's own noise stream, stacked into one batch. */
    private static NDArray drawNoise(NDManager manager, List<GaussianNoise> noise, Shape itemShape) {
        NDArray[] items = new NDArray[noise.size()];
        for (int i = 0; i < items.length; i++) {
            float[] values = new float[Math.toIntExact(itemShape.size())];
            noise.get(i).fill(values);
            items[i] = manager.create(values, itemShape);
        }
        return items.length == 1 ? items[0] : NDArrays.concat(new NDList(items), 0);
    }

    private static void requireFinite(NDArray images) {
        // One pass instead of two: the maximum is NaN when any value is, and infinite when any value is infinite.
        float largest = images.abs().max().getFloat();
        if (!Float.isFinite(largest)) {
            throw new RenderException(RenderException.NON_FINITE_OUTPUT,
                    "the model produced NaN or infinite values; the image was discarded");
        }
    }
}
