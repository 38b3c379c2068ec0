package com.genpicz.storage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.common.failures.PoisonEventException;
import java.awt.Color;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PngIntegrityTest {

    private final byte[] png = TestImages.png(64, 48, Color.MAGENTA);

    @Test
    void aWholePngPasses() {
        assertThatCode(() -> PngIntegrity.requireWhole(png)).doesNotThrowAnyException();
    }

    @Test
    void aFlippedByteInsideTheImageDataIsCaughtByItsChunkCrc() {
        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x40;

        assertThatThrownBy(() -> PngIntegrity.requireWhole(flipped)).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("CRC");
    }

    @Test
    void aTruncatedPngIsCaught() {
        assertThatThrownBy(() -> PngIntegrity.requireWhole(Arrays.copyOf(png, png.length - 10)))
                .isInstanceOf(PoisonEventException.class);
        assertThatThrownBy(() -> PngIntegrity.requireWhole(Arrays.copyOf(png, 33)))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("IEND");
    }
}
