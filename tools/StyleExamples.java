import com.genpicz.common.styles.Style;
import com.genpicz.common.styles.StyleCatalog;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.RenderRequest;
import com.genpicz.inference.pipeline.RenderedImage;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Renders the example image of every style preset (served at /styles/{id}.png) with a model folder, at 512×512
 * scaled to 256×256. Run by hand from the repository root, see tools/style-examples.sh.
 */
public final class StyleExamples {

    private static final String PROMPT = "a yellow star above green hills";

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args.length > 0 ? args[0] : "models/genpicz-mini");
        Path out = Path.of("ingress-api/src/main/resources/styles");
        Files.createDirectories(out);
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(model, 2)) {
            for (Style style : StyleCatalog.all()) {
                RenderedImage image = pipeline.render(RenderRequest.of(pipeline.config().qualityProfiles().hd(),
                        style.applyTo(PROMPT), style.negativePrompt(), 512, 512, 42));
                BufferedImage full = ImageIO.read(new ByteArrayInputStream(image.png()));
                BufferedImage thumbnail = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
                thumbnail.getGraphics().drawImage(full.getScaledInstance(256, 256, Image.SCALE_SMOOTH), 0, 0, null);
                ImageIO.write(thumbnail, "png", out.resolve(style.id() + ".png").toFile());
                System.out.println("wrote " + out.resolve(style.id() + ".png"));
            }
        }
    }
}
