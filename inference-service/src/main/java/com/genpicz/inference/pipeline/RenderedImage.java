package com.genpicz.inference.pipeline;

import java.time.Instant;

/**
 * A finished image.
 *
 * @param png the encoded RGB PNG
 * @param width its width in pixels, exactly the requested one
 * @param height its height in pixels, exactly the requested one
 * @param samplingStartedAt when the model began sampling the batch this image was in (for the timeline)
 * @param samplingFinishedAt when that sampling ended, before the PNG encoding
 */
public record RenderedImage(byte[] png, int width, int height, Instant samplingStartedAt,
                            Instant samplingFinishedAt) {

    RenderedImage sampledBetween(Instant startedAt, Instant finishedAt) {
        return new RenderedImage(png, width, height, startedAt, finishedAt);
    }
}
