package com.genpicz.inference.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes pixels as an RGB PNG with the JDK's encoder (deterministic: same pixels, same bytes). */
final class PngEncoding {

    private PngEncoding() {}

    static RenderedImage encode(RgbPixels pixels) {
        BufferedImage image = new BufferedImage(pixels.width(), pixels.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, pixels.width(), pixels.height(), pixels.rgb(), 0, pixels.width());
        ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.width() * pixels.height());
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedImage(out.toByteArray(), pixels.width(), pixels.height());
    }
}
