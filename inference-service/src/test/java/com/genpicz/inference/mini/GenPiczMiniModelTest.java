package com.genpicz.inference.mini;

import static org.assertj.core.api.Assertions.assertThat;

import com.genpicz.common.events.GenerationSpec;
import com.genpicz.inference.model.TinyModel;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.RenderRequest;
import com.genpicz.inference.pipeline.RenderedImage;
import com.genpicz.inference.service.RenderPlanner;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's trained model (models/genpicz-mini) drawn the way inference-service draws a generation: the
 * customer's spec planned with the model's own quality profiles, then rendered by the Java pipeline. Both prompts
 * are colour x shape x background combinations held out of its training, so a pass means the exported model
 * composes words it never saw together, at every quality the API offers, not that the pipeline merely runs.
 */
class GenPiczMiniModelTest {

    /** The data generator's colours (models/genpicz-mini/data.py) that the two prompts could be confused with. */
    private static final Map<String, int[]> PALETTE = new LinkedHashMap<>();

    static {
        PALETTE.put("red", new int[] {215, 25, 28});
        PALETTE.put("orange", new int[] {245, 130, 20});
        PALETTE.put("yellow", new int[] {250, 220, 30});
        PALETTE.put("green", new int[] {30, 150, 50});
        PALETTE.put("cyan", new int[] {30, 220, 230});
        PALETTE.put("blue", new int[] {30, 70, 220});
        PALETTE.put("navy", new int[] {15, 25, 100});
        PALETTE.put("purple", new int[] {120, 40, 160});
        PALETTE.put("magenta", new int[] {230, 30, 200});
        PALETTE.put("pink", new int[] {255, 150, 190});
        PALETTE.put("brown", new int[] {120, 70, 30});
        PALETTE.put("black", new int[] {15, 15, 15});
        PALETTE.put("gray", new int[] {128, 128, 128});
        PALETTE.put("white", new int[] {250, 250, 250});
    }

    private static DiffusionPipeline pipeline;
    private static RenderPlanner planner;

    @BeforeAll
    static void loadModel() {
        pipeline = DiffusionPipeline.load(TinyModel.committed("genpicz-mini"), 2);
        planner = new RenderPlanner(pipeline.config().qualityProfiles());
    }

    @AfterAll
    static void closeModel() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standard", "hd", "ultra"})
    void redCircleOnBlueBackgroundIsMostlyBlueWithARedCentre(String quality) throws IOException {
        BufferedImage image = render("a red circle on a blue background", quality);

        assertThat(dominantColour(image, 0, 0, 512)).isEqualTo("blue");
        assertThat(dominantColour(image, 208, 208, 96)).isEqualTo("red");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standard", "hd", "ultra"})
    void whiteSquareOnBlackBackgroundIsMostlyBlackWithAWhiteCentre(String quality) throws IOException {
        BufferedImage image = render("a white square on a black background", quality);

        assertThat(dominantColour(image, 0, 0, 512)).isEqualTo("black");
        assertThat(dominantColour(image, 208, 208, 96)).isEqualTo("white");
    }

    private static BufferedImage render(String prompt, String quality) throws IOException {
        RenderRequest request = planner.plan(new GenerationSpec(prompt, null, "auto", 512, 512,
                com.genpicz.common.generations.Quality.fromWireName(quality).orElseThrow(), 3, false));
        RenderedImage rendered = pipeline.render(request);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(rendered.png()));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(512);
        return image;
    }

    /** The palette colour that most pixels of the square region are nearest to. */
    private static String dominantColour(BufferedImage image, int left, int top, int side) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (int y = top; y < top + side; y += 4) {
            for (int x = left; x < left + side; x += 4) {
                votes.merge(nearest(image.getRGB(x, y)), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String nearest(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        String best = null;
        long bestDistance = Long.MAX_VALUE;
        for (Map.Entry<String, int[]> colour : PALETTE.entrySet()) {
            int[] c = colour.getValue();
            long distance = (long) (r - c[0]) * (r - c[0]) + (long) (g - c[1]) * (g - c[1]) + (long) (b - c[2]) * (b - c[2]);
            if (distance < bestDistance) {
                best = colour.getKey();
                bestDistance = distance;
            }
        }
        return best;
    }
}
