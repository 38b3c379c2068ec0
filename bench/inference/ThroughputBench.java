import com.genpicz.inference.pipeline.BatchingRenderer;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.ImageRenderer;
import com.genpicz.inference.sampling.QualityProfiles;
import com.genpicz.inference.pipeline.RenderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Images per second for CONCURRENCY simultaneous "standard" renders, straight into the pipeline (one at a time)
 * and through BatchingRenderer. Usage: java -cp CLASSPATH ThroughputBench.java MODEL_DIR THREADS SIDE ROUNDS
 */
public class ThroughputBench {
    static final int CONCURRENCY = 8;

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int side = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(modelDir, threads)) {
            ImageRenderer unbatched = new ImageRenderer() {
                public com.genpicz.inference.pipeline.RenderedImage render(RenderRequest r) { return pipeline.render(r); }
                public List<com.genpicz.inference.pipeline.RenderedImage> renderBatch(List<RenderRequest> r) {
                    return pipeline.renderBatch(r);
                }
                public void close() {}
            };
            BatchingRenderer batching = new BatchingRenderer(unbatched, CONCURRENCY, Duration.ofMillis(50));
            for (int round = 0; round <= rounds; round++) {
                double plain = imagesPerSecond(unbatched, clients, side, round);
                double batched = imagesPerSecond(batching, clients, side, round);
                if (round > 0) { // round 0 warms both paths up
                    System.out.printf("round %d side=%d threads=%d unbatched=%.2f img/s batched=%.2f img/s ratio=%.2f%n",
                            round, side, threads, plain, batched, batched / plain);
                }
            }
            batching.close();
        } finally {
            clients.shutdownNow();
        }
    }

    static double imagesPerSecond(ImageRenderer renderer, ExecutorService clients, int side, int round)
            throws Exception {
        long started = System.nanoTime();
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < CONCURRENCY; i++) {
            RenderRequest request = RenderRequest.of(QualityProfiles.DEFAULTS.standard(), "a red fox in a forest " + i, "", side,
                    side, round * 100L + i);
            results.add(clients.submit(() -> renderer.render(request)));
        }
        for (Future<?> result : results) {
            result.get();
        }
        return CONCURRENCY / ((System.nanoTime() - started) / 1e9);
    }
}
