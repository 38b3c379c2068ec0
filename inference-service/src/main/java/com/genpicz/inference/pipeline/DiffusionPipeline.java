package com.genpicz.inference.pipeline;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.genpicz.inference.model.DiffusionModel;
import com.genpicz.inference.model.ModelConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text-to-image on DJL's PyTorch engine: tokenizer → text encoder → sampler loop with classifier-free guidance →
 * VAE decoder → PNG. All native work runs on one dedicated thread (libtorch's thread settings are per thread and
 * one render already uses every intra-op thread); PNG encoding runs on the calling thread, a batch's in parallel.
 */
public final class DiffusionPipeline implements ImageRenderer {

    private static final Logger log = LoggerFactory.getLogger(DiffusionPipeline.class);

    private final DiffusionModel model;
    private final NDManager manager;
    private final ExecutorService engineThread;
    private final DenoisingLoop loop;
    private volatile boolean closed;
    private volatile SamplingObserver observer = SamplingObserver.NONE;

    private DiffusionPipeline(DiffusionModel model, NDManager manager, ExecutorService engineThread) {
        this.model = model;
        this.manager = manager;
        this.engineThread = engineThread;
        this.loop = new DenoisingLoop(model);
    }

    /** {@link #load(Path, int, InferenceDevice)} on a GPU when libtorch has CUDA and sees one, else on the CPU. */
    public static DiffusionPipeline load(Path modelDir, int threads) {
        return load(modelDir, threads, InferenceDevice.AUTO);
    }

    /**
     * Loads a model folder (docs/model-format.md) and renders one small warm-up image. Load once per process: the
     * thread count is process-wide in libtorch.
     *
     * @param threads libtorch intra-op threads (1 or more)
     * @param device where to load and run the model
     */
    public static DiffusionPipeline load(Path modelDir, int threads, InferenceDevice device) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        long started = System.nanoTime();
        configureEngine(threads);
        ExecutorService engineThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "diffusion-engine");
            thread.setDaemon(true);
            return thread;
        });
        try {
            DiffusionPipeline pipeline = engineThread.submit(() -> {
                Engine engine = Engine.getEngine("PyTorch");
                JniUtils.setNumThreads(threads);
                JniUtils.setGraphExecutorOptimize(false);
                Device target = device.resolve(engine);
                DiffusionModel model = DiffusionModel.load(modelDir, target);
                return new DiffusionPipeline(model, engine.newBaseManager(target), engineThread);
            }).get();
            pipeline.warmUp();
            log.info("Loaded model {} from {} on {} with {} threads in {} ms", pipeline.config().name(), modelDir,
                    pipeline.device(), threads, (System.nanoTime() - started) / 1_000_000);
            return pipeline;
        } catch (ExecutionException e) {
            engineThread.shutdownNow();
            throw new IllegalStateException("cannot load the model in " + modelDir + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            engineThread.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + modelDir, e);
        }
    }

    private static void configureEngine(int threads) {
        // Read once when the engine starts; the dedicated thread sets them again because libtorch keeps them per thread.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // The profiling graph executor re-optimises for every new input shape, which costs seconds per new image size.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }

    /** Runs every module once so the first real request does not pay for libtorch's lazy initialisation. */
    private void warmUp() {
        try {
            render(new RenderRequest("warm up", "", 512, 512, 1, 2.0, 0L, "ddim"));
        } catch (RenderException e) {
            // A model that yields NaN still loads; every render will then report non_finite_output.
            log.warn("Warm-up render failed: {} ({})", e.reason(), e.getMessage());
        }
    }

    /** Where the model runs. */
    public Device device() {
        return manager.getDevice();
    }

    /** The loaded model's model.json. */
    public ModelConfig config() {
        return model.config();
    }

    @Override
    public RenderedImage render(RenderRequest request) {
        return renderBatch(List.of(request)).get(0);
    }

    /** Reports every sampling run (batch size, steps, time) to {@code observer}, e.g. for metrics. */
    public DiffusionPipeline observeSampling(SamplingObserver observer) {
        this.observer = observer;
        return this;
    }

    @Override
    public List<RenderedImage> renderBatch(List<RenderRequest> requests) {
        Map<BatchShape, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            groups.computeIfAbsent(RequestRules.check(requests.get(i)), shape -> new ArrayList<>()).add(i);
        }
        RenderedImage[] images = new RenderedImage[requests.size()];
        for (Map.Entry<BatchShape, List<Integer>> group : groups.entrySet()) {
            List<Integer> indexes = group.getValue();
            List<RenderRequest> members = indexes.stream().map(requests::get).toList();
            Sampled sampled = onEngineThread(() -> sample(group.getKey(), members));
            // In parallel: one after another, a batch's PNGs took as long as sampling it.
            IntStream.range(0, indexes.size()).parallel()
                    .forEach(i -> images[indexes.get(i)] = PngEncoding.encode(sampled.pixels().get(i))
                            .sampledBetween(sampled.startedAt(), sampled.finishedAt()));
        }
        return Arrays.asList(images);
    }

    /** One batch's pixels and when its sampling ran. */
    private record Sampled(List<RgbPixels> pixels, Instant startedAt, Instant finishedAt) {}

    private Sampled sample(BatchShape shape, List<RenderRequest> requests) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        try (NDManager render = manager.newSubManager()) {
            NDArray images = loop.run(render, shape, requests);
            List<RgbPixels> pixels = PixelConversion.toPixels(images, shape.width(), shape.height());
            long elapsed = System.nanoTime() - started;
            observer.sampled(requests.size(), shape.steps(), elapsed);
            log.debug("Sampled {} image(s) {}x{} with {} {} steps in {} ms", requests.size(), shape.width(),
                    shape.height(), shape.steps(), shape.sampler().wireName(), elapsed / 1_000_000);
            return new Sampled(pixels, startedAt, startedAt.plusNanos(elapsed));
        }
    }

    private <T> T onEngineThread(Callable<T> work) {
        if (closed) {
            throw new RenderException(RenderException.RENDERER_CLOSED, "the pipeline is closed");
        }
        Future<T> result;
        try {
            result = engineThread.submit(work);
        } catch (RejectedExecutionException e) {
            throw new RenderException(RenderException.RENDERER_CLOSED, "the pipeline is closed", e);
        }
        return RenderException.await(result);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engineThread.submit(() -> {
                manager.close();
                model.close();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Closing the model failed: {}", e.getCause().toString());
        } finally {
            engineThread.shutdown();
        }
    }
}
