package com.genpicz.inference.pipeline;

/**
 * A finished image.
 *
 * @param png the encoded RGB PNG
 * @param width its width in pixels, exactly the requested one
 * @param height its height in pixels, exactly the requested one
 */
public record RenderedImage(byte[] png, int width, int height) {}
