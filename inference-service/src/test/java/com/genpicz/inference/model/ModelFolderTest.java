package com.genpicz.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.inference.sampling.BetaSchedule;
import com.genpicz.inference.sampling.PredictionType;
import com.genpicz.inference.sampling.TimestepSpacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFolderTest {

    @Test
    void readsTheTinyModelsConfig() {
        ModelConfig config = ModelConfig.read(TinyModel.folder());
        assertThat(config.name()).isEqualTo("tiny-random");
        assertThat(config.latentChannels()).isEqualTo(4);
        assertThat(config.vaeScaleFactor()).isEqualTo(8);
        assertThat(config.latentMultiple()).isEqualTo(2);
        assertThat(config.maxTokenLength()).isEqualTo(77);
        assertThat(config.scheduler().betaSchedule()).isEqualTo(BetaSchedule.SCALED_LINEAR);
        assertThat(config.scheduler().predictionType()).isEqualTo(PredictionType.EPSILON);
        assertThat(config.scheduler().timestepSpacing()).isEqualTo(TimestepSpacing.LEADING);
        assertThat(config.scheduler().stepsOffset()).isEqualTo(1);
    }

    @Test
    void missingFieldsAreNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"latent_channels\": 4, \"scheduler\": {}}");
        assertThatThrownBy(() -> ModelConfig.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vae_scale_factor");
    }

    @Test
    void tokenizerAddsSpecialTokensLowercasesAndPadsToTheModelLength() {
        ModelConfig config = ModelConfig.read(TinyModel.folder());
        try (PromptTokenizer tokenizer = PromptTokenizer.load(TinyModel.folder(), config)) {
            long[] ids = tokenizer.encode("A Red cat");
            assertThat(ids).hasSize(77);
            assertThat(ids[0]).isEqualTo(2); // [BOS]
            assertThat(ids[4]).isEqualTo(3); // [EOS]
            assertThat(ids[5]).isEqualTo(config.padTokenId());
            assertThat(new long[] {ids[1], ids[2], ids[3]}).doesNotContain(1L); // all three are known words
            assertThat(tokenizer.encode("a red cat")).containsExactly(ids);
            assertThat(tokenizer.encode("a red zyzzyva")[3]).isEqualTo(1); // [UNK]
        }
    }

    @Test
    void longPromptsAreTruncatedButKeepTheirEndToken() {
        ModelConfig config = ModelConfig.read(TinyModel.folder());
        try (PromptTokenizer tokenizer = PromptTokenizer.load(TinyModel.folder(), config)) {
            long[] ids = tokenizer.encode("cat ".repeat(200));
            assertThat(ids).hasSize(77);
            assertThat(ids[76]).isEqualTo(3);
        }
    }
}
