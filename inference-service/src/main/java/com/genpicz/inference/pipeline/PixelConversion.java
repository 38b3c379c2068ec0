package com.genpicz.inference.pipeline;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Turns decoder output ([-1, 1], channels first) into 8-bit RGB pixels at exactly the requested size. */
final class PixelConversion {

    private PixelConversion() {}

    /** Image {@code index} of a decoded batch {@code [n, 3, H', W']}, resampled to {@code width × height}. */
    static RgbPixels toPixels(NDArray images, int index, int width, int height) {
        NDArray image = images.get(index).clip(-1f, 1f).transpose(1, 2, 0);
        if (image.getShape().get(0) != height || image.getShape().get(1) != width) {
            // Only ever a small rounding correction or an upscale (see LatentSize), so bilinear is enough.
            image = NDImageUtils.resize(image, width, height, Image.Interpolation.BILINEAR);
        }
        byte[] bytes = image.add(1f).muli(127.5f).round().clip(0f, 255f).toType(DataType.UINT8, false).toByteArray();
        int[] rgb = new int[width * height];
        for (int pixel = 0, offset = 0; pixel < rgb.length; pixel++, offset += 3) {
            rgb[pixel] = (bytes[offset] & 0xff) << 16 | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff);
        }
        return new RgbPixels(rgb, width, height);
    }
}
