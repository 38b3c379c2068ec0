package com.genpicz.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.failures.PoisonEventException;
import com.genpicz.common.generations.FailureCode;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class UpscalerTest {

    @Test
    void anImageIsEnlargedFourTimesInEachDirectionKeepingItsColours() throws Exception {
        BufferedImage solid = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 16; x++) {
                solid.setRGB(x, y, (x < 8 ? Color.ORANGE : Color.BLUE).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(solid, "png", out);
        byte[] png = out.toByteArray();

        Upscaler.Upscaled upscaled = Upscaler.fourTimes(png);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(upscaled.png()));
        assertThat(upscaled.width()).isEqualTo(64);
        assertThat(upscaled.height()).isEqualTo(48);
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
        assertThat(new Color(image.getRGB(8, 24))).isEqualTo(Color.ORANGE);
        assertThat(new Color(image.getRGB(56, 24))).isEqualTo(Color.BLUE);
    }

    @Test
    void aPngThatDoesNotDecodeFailsTheGenerationAtOnceInsteadOfBeingRetried() {
        byte[] png = TestImages.png(16, 12, Color.ORANGE);
        byte[] corrupt = java.util.Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> Upscaler.fourTimes(corrupt))
                .isInstanceOfSatisfying(PoisonEventException.class,
                        poison -> assertThat(poison.failureCode()).isEqualTo(FailureCode.RENDER_FAILED));
        assertThatThrownBy(() -> Upscaler.fourTimes("not a png".getBytes()))
                .isInstanceOf(PoisonEventException.class);
    }
}
