package com.genpicz.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.inference.sampling.QualityProfiles;
import com.genpicz.inference.sampling.SchedulerConfig;
import org.junit.jupiter.api.Test;

class LatentSizeTest {

    /** native 512, f 8 → latent sides allowed 32..128; multiple 2. */
    private final ModelConfig config = new ModelConfig("test", 4, 8, 0.18215, 512, 2, 77, 0,
            SchedulerConfig.stableDiffusion(),
            QualityProfiles.DEFAULTS);

    @Test
    void sizesWithinTwiceNativeAreSampledAsRequested() {
        assertThat(LatentSize.forImage(config, 512, 512)).isEqualTo(new LatentSize(64, 64));
        assertThat(LatentSize.forImage(config, 768, 1024)).isEqualTo(new LatentSize(96, 128));
        assertThat(LatentSize.forImage(config, 1024, 1024).decodedWidth(config)).isEqualTo(1024);
    }

    @Test
    void largerSizesAreSampledAtTheLargestInRangeSizeWithTheSameAspect() {
        assertThat(LatentSize.forImage(config, 1920, 1920)).isEqualTo(new LatentSize(128, 128));
        assertThat(LatentSize.forImage(config, 1280, 1280)).isEqualTo(new LatentSize(128, 128));
        // 240×64 scaled by 128/240 → 128×34.1, rounded up to the multiple of 2.
        assertThat(LatentSize.forImage(config, 1920, 512)).isEqualTo(new LatentSize(128, 36));
    }

    @Test
    void sidesAreRoundedUpToTheLatentMultiple() {
        ModelConfig deep = new ModelConfig("deep", 4, 8, 0.18215, 512, 8, 77, 0, SchedulerConfig.stableDiffusion(),
            QualityProfiles.DEFAULTS);
        // 768/8 = 96 is a multiple of 8; 1920×1280 → 128×85.3 → 88.
        assertThat(LatentSize.forImage(deep, 768, 768)).isEqualTo(new LatentSize(96, 96));
        assertThat(LatentSize.forImage(deep, 1920, 1280)).isEqualTo(new LatentSize(128, 88));
    }

    @Test
    void smallerSizesThanHalfNativeAreScaledUp() {
        ModelConfig large = new ModelConfig("xl", 4, 8, 0.13025, 1024, 1, 77, 0, SchedulerConfig.stableDiffusion(),
            QualityProfiles.DEFAULTS);
        // native latent 128: allowed 64..256, so 512×512 (64) is fine but a 1024-native model never samples below 64.
        assertThat(LatentSize.forImage(large, 512, 768)).isEqualTo(new LatentSize(64, 96));
    }
}
