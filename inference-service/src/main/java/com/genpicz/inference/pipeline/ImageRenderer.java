package com.genpicz.inference.pipeline;

import java.util.List;

/** Renders prompts to PNG images. Implementations are thread-safe. */
public interface ImageRenderer extends AutoCloseable {

    /**
     * Renders one image.
     *
     * @throws RenderException with a {@link RenderException#reason()} when the request is invalid or the render fails
     */
    RenderedImage render(RenderRequest request);

    /**
     * Renders several images, in order, with the same pixels as rendering them one by one. Requests sharing size,
     * steps, sampler and whether guidance is on run through the model together.
     *
     * @throws RenderException if any request is invalid or any render fails
     */
    List<RenderedImage> renderBatch(List<RenderRequest> requests);

    /** Frees the model; later calls fail with reason {@code renderer_closed}. */
    @Override
    void close();
}
