package com.genpicz.storage;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The {@code upscale} step: enlarges a PNG 4× in each direction by high-quality resampling (two bicubic 2× passes,
 * which keeps edges smoother than one 4× pass). Done in storage so that the 16× larger image never travels
 * through Kafka. A model-based upscaler would replace this class.
 */
public final class Upscaler {

    public static final int FACTOR = 4;

    private Upscaler() {
    }

    /** The enlarged image and its size. */
    public record Upscaled(byte[] png, int width, int height) {
    }

    public static Upscaled fourTimes(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("not an image");
            }
            BufferedImage doubled = doubleSize(doubleSize(image));
            ByteArrayOutputStream out = new ByteArrayOutputStream(png.length * 8);
            ImageIO.write(doubled, "png", out);
            return new Upscaled(out.toByteArray(), doubled.getWidth(), doubled.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upscale the image", e);
        }
    }

    private static BufferedImage doubleSize(BufferedImage source) {
        BufferedImage target = new BufferedImage(source.getWidth() * 2, source.getHeight() * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, target.getWidth(), target.getHeight(), null);
        } finally {
            graphics.dispose();
        }
        return target;
    }
}
