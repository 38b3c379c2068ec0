package com.genpicz.inference.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Decodes rendered PNGs for assertions. */
final class Pngs {

    private Pngs() {}

    static BufferedImage decode(RenderedImage image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
            if (decoded == null) {
                throw new AssertionError("not a PNG");
            }
            return decoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] rgb(RenderedImage image) {
        BufferedImage decoded = decode(image);
        return decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth());
    }

    /** How many distinct colours the image uses; a constant or near-constant image has very few. */
    static long distinctColours(RenderedImage image) {
        return java.util.Arrays.stream(rgb(image)).distinct().count();
    }

    /** The largest per-channel difference between two equally sized images. */
    static int maxChannelDifference(RenderedImage a, RenderedImage b) {
        int[] first = rgb(a);
        int[] second = rgb(b);
        int max = 0;
        for (int i = 0; i < first.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                max = Math.max(max, Math.abs((first[i] >> shift & 0xff) - (second[i] >> shift & 0xff)));
            }
        }
        return max;
    }

    /** The share of pixels that are exactly equal in two equally sized images. */
    static double identicalPixelShare(RenderedImage a, RenderedImage b) {
        int[] first = rgb(a);
        int[] second = rgb(b);
        int same = 0;
        for (int i = 0; i < first.length; i++) {
            if (first[i] == second[i]) {
                same++;
            }
        }
        return same / (double) first.length;
    }
}
