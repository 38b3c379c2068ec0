import com.genpicz.inference.pipeline.BatchingRenderer;
import com.genpicz.inference.pipeline.DiffusionPipeline;
import com.genpicz.inference.pipeline.ImageRenderer;
import com.genpicz.inference.pipeline.RenderRequest;
import com.genpicz.inference.pipeline.RenderedImage;
import com.genpicz.inference.sampling.QualityProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady-state images per second with CONCURRENCY clients that each submit their next "standard" render as soon as
 * the previous one is back (PNG included), straight into the pipeline (which runs one request at a time) and
 * through BatchingRenderer. Each round measures both, for SECONDS each after a short warm-up.
 * Usage: java -cp CLASSPATH ThroughputBench.java MODEL_DIR THREADS SIDE ROUNDS [SECONDS]
 */
public class ThroughputBench {
    static final int CONCURRENCY = 8;
    static final Duration WARM_UP = Duration.ofSeconds(3);

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int side = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        Duration measured = Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 10);
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(modelDir, threads)) {
            ImageRenderer unbatched = new ImageRenderer() {
                public RenderedImage render(RenderRequest r) { return pipeline.render(r); }
                public List<RenderedImage> renderBatch(List<RenderRequest> r) { return pipeline.renderBatch(r); }
                public void close() {}
            };
            BatchingRenderer batching = new BatchingRenderer(unbatched, CONCURRENCY, Duration.ofMillis(50));
            for (int round = 1; round <= rounds; round++) {
                double plain = imagesPerSecond(unbatched, clients, side, measured);
                double batched = imagesPerSecond(batching, clients, side, measured);
                System.out.printf("round %d side=%d threads=%d unbatched=%.2f img/s batched=%.2f img/s ratio=%.2f%n",
                        round, side, threads, plain, batched, batched / plain);
            }
            batching.close();
        } finally {
            clients.shutdownNow();
        }
    }

    /** Completed images per second in the measured window, every client busy from before it opens to after it ends. */
    static double imagesPerSecond(ImageRenderer renderer, ExecutorService clients, int side, Duration measured)
            throws Exception {
        long opens = System.nanoTime() + WARM_UP.toNanos();
        long closes = opens + measured.toNanos();
        AtomicLong completed = new AtomicLong();
        List<Future<?>> loops = new ArrayList<>();
        for (int client = 0; client < CONCURRENCY; client++) {
            int id = client;
            loops.add(clients.submit(() -> {
                for (long seed = id; System.nanoTime() < closes; seed += CONCURRENCY) {
                    renderer.render(RenderRequest.of(QualityProfiles.DEFAULTS.standard(), "a red fox in a forest " + id, "",
                            side, side, seed));
                    long now = System.nanoTime();
                    if (now >= opens && now < closes) {
                        completed.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        return completed.get() / (measured.toNanos() / 1e9);
    }
}
