package com.genpicz.inference.pipeline;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** Turns decoder output ([-1, 1], channels first) into 8-bit RGB pixels at exactly the requested size. */
final class PixelConversion {

    private PixelConversion() {}

    /**
     * Every image of a decoded batch {@code [n, 3, H', W']}, resampled to {@code width × height}. The whole batch goes
     * through each tensor operation at once: per image, the native calls cost more than the arithmetic.
     */
    static List<RgbPixels> toPixels(NDArray images, int width, int height) {
        NDArray channelsLast = images.clip(-1f, 1f).transpose(0, 2, 3, 1);
        Shape decoded = channelsLast.getShape();
        if (decoded.get(1) != height || decoded.get(2) != width) {
            // Only ever a small rounding correction or an upscale (see LatentSize), so bilinear is enough.
            channelsLast = NDImageUtils.resize(channelsLast, width, height, Image.Interpolation.BILINEAR);
        }
        byte[] bytes = channelsLast.add(1f).muli(127.5f).round().clip(0f, 255f).toType(DataType.UINT8, false)
                .toByteArray();
        int count = Math.toIntExact(decoded.get(0));
        int pixelsPerImage = width * height;
        List<RgbPixels> pixels = new ArrayList<>(count);
        for (int image = 0; image < count; image++) {
            pixels.add(new RgbPixels(packed(bytes, image * pixelsPerImage * 3, pixelsPerImage), width, height));
        }
        return pixels;
    }

    private static int[] packed(byte[] bytes, int start, int count) {
        int[] rgb = new int[count];
        for (int pixel = 0, offset = start; pixel < count; pixel++, offset += 3) {
            rgb[pixel] = (bytes[offset] & 0xff) << 16 | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff);
        }
        return rgb;
    }
}
