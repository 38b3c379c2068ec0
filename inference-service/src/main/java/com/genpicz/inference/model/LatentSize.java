package com.genpicz.inference.model;

/**
 * The latent grid a requested image is sampled on, per docs/model-format.md: the image divided by the VAE factor,
 * kept within 2× of the model's native latent side (scaled as a whole to keep the aspect ratio), and rounded up to
 * the UNet's latent multiple.
 *
 * @param width latent columns
 * @param height latent rows
 */
public record LatentSize(int width, int height) {

    /** The latent grid for a {@code imageWidth × imageHeight} request on this model. */
    public static LatentSize forImage(ModelConfig config, int imageWidth, int imageHeight) {
        double nativeSide = (double) config.nativeResolution() / config.vaeScaleFactor();
        double smallest = nativeSide / 2;
        double largest = nativeSide * 2;
        double width = (double) imageWidth / config.vaeScaleFactor();
        double height = (double) imageHeight / config.vaeScaleFactor();
        double scale = 1.0;
        if (Math.max(width, height) > largest) {
            scale = largest / Math.max(width, height);
        } else if (Math.min(width, height) < smallest) {
            scale = smallest / Math.min(width, height);
        }
        int multiple = config.latentMultiple();
        return new LatentSize(
                fit(width * scale, smallest, largest, multiple), fit(height * scale, smallest, largest, multiple));
    }

    private static int fit(double side, double smallest, double largest, int multiple) {
        int low = (int) Math.ceil(smallest / multiple) * multiple;
        int high = Math.max(low, (int) Math.floor(largest / multiple) * multiple);
        int rounded = (int) Math.ceil(side / multiple - 1e-9) * multiple;
        return Math.min(high, Math.max(low, rounded));
    }

    /** The width of the image the VAE decodes from this grid. */
    public int decodedWidth(ModelConfig config) {
        return width * config.vaeScaleFactor();
    }

    /** The height of the image the VAE decodes from this grid. */
    public int decodedHeight(ModelConfig config) {
        return height * config.vaeScaleFactor();
    }
}
