package com.genpicz.inference.pipeline;

/**
 * A decoded image before PNG encoding.
 *
 * @param rgb one {@code 0xRRGGBB} int per pixel, row by row
 */
record RgbPixels(int[] rgb, int width, int height) {}
