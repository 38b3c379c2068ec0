package com.genpicz.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PngEncodingTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "3, 2", "512, 512", "1920, 512"})
    void theJdksPngReaderGetsBackEveryPixel(int width, int height) {
        RgbPixels pixels = randomPixels(width, height, 7);

        RenderedImage png = PngEncoding.encode(pixels);

        BufferedImage decoded = Pngs.decode(png);
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        int[] rgb = decoded.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xffffff;
        }
        assertThat(rgb).isEqualTo(pixels.rgb());
    }

    @Test
    void extremeChannelValuesSurviveTheUpFilterWrapAround() {
        RgbPixels pixels = new RgbPixels(new int[] {0xffffff, 0x000000, 0x000000, 0xffffff, 0xff00ff, 0x00ff00}, 2, 3);

        int[] rgb = Pngs.rgb(PngEncoding.encode(pixels));

        for (int i = 0; i < rgb.length; i++) {
            assertThat(rgb[i] & 0xffffff).as("pixel %d", i).isEqualTo(pixels.rgb()[i]);
        }
    }

    @Test
    void theSamePixelsGiveTheSameBytes() {
        assertThat(PngEncoding.encode(randomPixels(64, 48, 3)).png())
                .isEqualTo(PngEncoding.encode(randomPixels(64, 48, 3)).png());
    }

    @Test
    void aSmoothPictureCompresses() {
        int[] rgb = new int[256 * 256];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                rgb[y * 256 + x] = x << 16 | y << 8 | 128;
            }
        }

        RenderedImage png = PngEncoding.encode(new RgbPixels(rgb, 256, 256));

        assertThat(png.png().length).isLessThan(256 * 256 * 3 / 10);
    }

    private static RgbPixels randomPixels(int width, int height, long seed) {
        Random random = new Random(seed);
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(1 << 24);
        }
        return new RgbPixels(rgb, width, height);
    }
}
