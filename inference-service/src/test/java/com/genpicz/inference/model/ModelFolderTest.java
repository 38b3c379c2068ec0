package com.genpicz.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.inference.sampling.BetaSchedule;
import com.genpicz.inference.sampling.PredictionType;
import com.genpicz.inference.sampling.QualityProfile;
import com.genpicz.inference.sampling.QualityProfiles;
import com.genpicz.inference.sampling.SamplerKind;
import com.genpicz.inference.sampling.TimestepSpacing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void aModelWithoutQualityProfilesGetsTheDefaults() {
        assertThat(ModelConfig.read(TinyModel.folder()).qualityProfiles()).isEqualTo(QualityProfiles.DEFAULTS);
    }

    @Test
    void genpiczMiniSamplesEveryQualityAtTheGuidanceItWasEvaluatedWith() {
        QualityProfiles profiles = ModelConfig.read(TinyModel.committed("genpicz-mini")).qualityProfiles();

        assertThat(List.of(profiles.standard(), profiles.hd(), profiles.ultra()))
                .extracting(QualityProfile::guidanceScale)
                .containsOnly(2.0);
        assertThat(profiles.standard().steps()).isLessThan(profiles.hd().steps());
        assertThat(profiles.hd().steps()).isLessThan(profiles.ultra().steps());
    }

    @Test
    void qualitiesAModelDoesNotNameKeepTheirDefaults(@TempDir Path dir) throws IOException {
        writeModelJson(dir, "{\"hd\": {\"steps\": 30, \"guidance_scale\": 5, \"sampler\": \"euler_a\"}}");

        QualityProfiles profiles = ModelConfig.read(dir).qualityProfiles();

        assertThat(profiles.hd()).isEqualTo(new QualityProfile(30, 5.0, SamplerKind.EULER_ANCESTRAL));
        assertThat(profiles.standard()).isEqualTo(QualityProfiles.DEFAULTS.standard());
        assertThat(profiles.ultra()).isEqualTo(QualityProfiles.DEFAULTS.ultra());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "zero steps       | {\"hd\": {\"steps\": 0, \"guidance_scale\": 5, \"sampler\": \"ddim\"}}     | quality_profiles.hd: steps",
            "guidance over 30 | {\"ultra\": {\"steps\": 9, \"guidance_scale\": 31, \"sampler\": \"ddim\"}} | quality_profiles.ultra: guidance_scale",
            "unknown sampler  | {\"hd\": {\"steps\": 9, \"guidance_scale\": 5, \"sampler\": \"plms\"}}    | quality_profiles.hd: unknown sampler",
            "missing sampler  | {\"hd\": {\"steps\": 9, \"guidance_scale\": 5}}                        | quality_profiles.hd: model.json lacks \"sampler\"",
            "unknown quality  | {\"max\": {\"steps\": 9, \"guidance_scale\": 5, \"sampler\": \"ddim\"}}   | quality_profiles.max is not a quality"})
    void badQualityProfilesAreRefusedAtLoadWithTheirPlace(String name, String profiles, String message,
            @TempDir Path dir) throws IOException {
        writeModelJson(dir, profiles);

        assertThatThrownBy(() -> ModelConfig.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    /** The tiny model's model.json with {@code qualityProfiles} as its quality_profiles. */
    private static void writeModelJson(Path dir, String qualityProfiles) throws IOException {
        String tiny = Files.readString(TinyModel.folder().resolve("model.json")).trim();
        String withProfiles = tiny.substring(0, tiny.lastIndexOf('}')) + ", \"quality_profiles\": " + qualityProfiles + "}";
        Files.writeString(dir.resolve("model.json"), withProfiles);
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
