package com.genpicz.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.inference.model.TinyModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose UNet predicts NaN (test resource nan-model/unet.pt) must fail renders, not emit black PNGs. */
class NonFiniteOutputTest {

    @Test
    void nanPredictionFailsTheRenderWithNonFiniteOutput(@TempDir Path modelDir) throws IOException {
        for (String file : List.of("model.json", "tokenizer.json", "text_encoder.pt", "vae_decoder.pt")) {
            Files.copy(TinyModel.folder().resolve(file), modelDir.resolve(file));
        }
        try (InputStream nanUnet = getClass().getResourceAsStream("/nan-model/unet.pt")) {
            Files.copy(nanUnet, modelDir.resolve("unet.pt"), StandardCopyOption.REPLACE_EXISTING);
        }

        DiffusionPipeline pipeline = DiffusionPipeline.load(modelDir, 1);
        RenderRequest request = new RenderRequest("a cat", "", 512, 512, 2, 7.5, 1, "ddim");
        try {
            assertThatThrownBy(() -> pipeline.render(request))
                    .isInstanceOfSatisfying(RenderException.class,
                            e -> assertThat(e.reason()).isEqualTo(RenderException.NON_FINITE_OUTPUT));
        } finally {
            pipeline.close();
        }
        assertThatThrownBy(() -> pipeline.render(request))
                .isInstanceOfSatisfying(RenderException.class,
                        e -> assertThat(e.reason()).isEqualTo(RenderException.RENDERER_CLOSED));
    }
}
