package com.genpicz.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.genpicz.inference.sampling.QualityProfiles;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end renders through libtorch with the tiny random-weight model. */
class DiffusionPipelineTest {

    private final DiffusionPipeline pipeline = SharedPipeline.get();

    /** One step: enough for size and determinism checks (with leading spacing it barely denoises). */
    private static RenderRequest request(String prompt, String negative, int width, int height, long seed) {
        return new RenderRequest(prompt, negative, width, height, 1, 7.5, seed, "ddim");
    }

    /** Four steps (t = 751, 501, 251, 1), so the prompt has real influence on the image. */
    private static RenderRequest guided(String prompt, String negative, long seed) {
        return new RenderRequest(prompt, negative, 512, 512, 4, 7.5, seed, "ddim");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"512,512", "768,768", "1024,1024", "1280,1280", "1920,1920", "1920,512", "768,1280"})
    void rendersAPngOfExactlyTheRequestedSize(int width, int height) {
        RenderedImage image = pipeline.render(request("a red fox in a green forest", "", width, height, 11));

        BufferedImage decoded = Pngs.decode(image);
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        assertThat(image.width()).isEqualTo(width);
        assertThat(image.height()).isEqualTo(height);
        assertThat(decoded.getColorModel().hasAlpha()).isFalse();
        assertThat(Pngs.distinctColours(image)).isGreaterThan(100);
    }

    @Test
    void sameRequestGivesIdenticalPngBytes() {
        RenderRequest request = new RenderRequest("a castle at night", "blurry", 512, 768, 2, 7.5, 1234, "euler_a");
        assertThat(pipeline.render(request).png()).isEqualTo(pipeline.render(request).png());
    }

    @Test
    void differentSeedsGiveDifferentImages() {
        RenderedImage first = pipeline.render(request("a castle at night", "", 512, 512, 1));
        RenderedImage second = pipeline.render(request("a castle at night", "", 512, 512, 2));
        assertThat(Pngs.maxChannelDifference(first, second)).isGreaterThan(32);
    }

    @Test
    void differentPromptsGiveDifferentImages() {
        RenderedImage first = pipeline.render(guided("a castle at night", "", 5));
        RenderedImage second = pipeline.render(guided("a dog on a beach", "", 5));
        assertThat(Pngs.maxChannelDifference(first, second)).isGreaterThan(32);
    }

    @Test
    void negativePromptChangesTheImageWhenGuidanceIsOn() {
        RenderedImage plain = pipeline.render(guided("a castle at night", "", 5));
        RenderedImage negative = pipeline.render(guided("a castle at night", "blurry ugly text", 5));
        assertThat(Pngs.maxChannelDifference(plain, negative)).isGreaterThan(32);
    }

    @Test
    void negativePromptIsIgnoredWithoutGuidance() {
        RenderRequest plain = new RenderRequest("a castle at night", "", 512, 512, 2, 1.0, 5, "ddim");
        RenderRequest negative = new RenderRequest("a castle at night", "blurry", 512, 512, 2, 1.0, 5, "ddim");
        assertThat(pipeline.render(negative).png()).isEqualTo(pipeline.render(plain).png());
    }

    @Test
    void samplersGiveDifferentImages() {
        RenderedImage ddim = pipeline.render(new RenderRequest("a cat", "", 512, 512, 3, 7.5, 9, "ddim"));
        RenderedImage euler = pipeline.render(new RenderRequest("a cat", "", 512, 512, 3, 7.5, 9, "euler_a"));
        assertThat(Pngs.maxChannelDifference(ddim, euler)).isGreaterThan(32);
    }

    /**
     * Each request keeps its own noise stream and guidance scale, so a batch renders the same images. libtorch's CPU
     * kernels are not batch-size invariant to the last bit (convolutions with fewer than 8 input channels at batch
     * 1, small GEMMs such as the timestep MLP), which moves a few pixels by one 8-bit level; anything more than
     * that would be a batching bug (wrong noise, guidance or order).
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"512, 512", "1920, 512"}) // 1920 wide is sampled smaller and resized: the batched resize path
    void batchGivesTheSamePixelsAsOneByOne(int width, int height) {
        List<RenderRequest> requests = List.of(
                new RenderRequest("a red cat", "", width, height, 2, 7.5, 21, "euler_a"),
                new RenderRequest("a blue dragon", "blurry", width, height, 2, 5.0, 22, "euler_a"),
                new RenderRequest("a red cat", "", width, height, 2, 7.5, 23, "euler_a"));

        List<RenderedImage> batch = pipeline.renderBatch(requests);

        assertThat(batch).hasSize(3);
        for (int i = 0; i < requests.size(); i++) {
            RenderedImage alone = pipeline.render(requests.get(i));
            assertThat(Pngs.maxChannelDifference(batch.get(i), alone)).as("image %d", i).isLessThanOrEqualTo(1);
            assertThat(Pngs.identicalPixelShare(batch.get(i), alone)).as("image %d", i).isGreaterThan(0.999);
        }
    }

    @Test
    void batchOfMixedShapesKeepsRequestOrder() {
        RenderRequest small = request("a tree", "", 512, 512, 3);
        RenderRequest wide = request("a tree", "", 768, 512, 3);
        List<RenderedImage> images = pipeline.renderBatch(List.of(wide, small, wide));
        assertThat(images).extracting(RenderedImage::width).containsExactly(768, 512, 768);
        assertThat(images.get(0).png()).isEqualTo(images.get(2).png());
    }

    @Test
    void everyQualityProfileRenders() {
        for (String quality : List.of("standard", "hd", "ultra")) {
            RenderRequest request = RenderRequest.of(QualityProfiles.DEFAULTS.of(quality), "a lake", "", 512, 512, 3);
            RenderedImage image = pipeline.render(request);
            assertThat(Pngs.decode(image).getWidth()).as(quality).isEqualTo(512);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "width 500     | 500 | 512 | 1   | 7.5 | ddim",
            "height 2048   | 512 | 2048 | 1  | 7.5 | ddim",
            "zero steps    | 512 | 512 | 0   | 7.5 | ddim",
            "151 steps     | 512 | 512 | 151 | 7.5 | ddim",
            "NaN guidance  | 512 | 512 | 1   | NaN | ddim",
            "huge guidance | 512 | 512 | 1   | 31  | ddim",
            "bad sampler   | 512 | 512 | 1   | 7.5 | plms"})
    void invalidRequestsAreRejectedWithAReason(String name, int width, int height, int steps, double guidance,
            String sampler) {
        RenderRequest request = new RenderRequest("a cat", "", width, height, steps, guidance, 1, sampler);
        assertThatThrownBy(() -> pipeline.render(request))
                .isInstanceOfSatisfying(RenderException.class,
                        e -> assertThat(e.reason()).isEqualTo(RenderException.INVALID_REQUEST));
    }

    @Test
    void missingPromptIsRejected() {
        assertThatThrownBy(() -> pipeline.render(request(null, "", 512, 512, 1)))
                .isInstanceOfSatisfying(RenderException.class,
                        e -> assertThat(e.reason()).isEqualTo(RenderException.INVALID_REQUEST));
    }
}
