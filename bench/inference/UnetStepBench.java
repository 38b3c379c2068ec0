import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Milliseconds per UNet call through DJL, on the same deterministic inputs as unet_step_bench.py.
 * Usage: java -cp CLASSPATH UnetStepBench.java MODEL_DIR THREADS LATENT_SIDE BATCH ITERATIONS
 */
public class UnetStepBench {
  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int side = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int iterations = Integer.parseInt(args[4]);
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
    JniUtils.setGraphExecutorOptimize(false);
    try (Model unet = Model.newInstance("unet", "PyTorch"); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      unet.load(modelDir, "unet");
      NDArray latents = manager.create(ramp(batch * 4 * side * side, 0.37f), new Shape(batch, 4, side, side));
      NDArray timesteps = manager.full(new Shape(batch), 500f);
      NDArray text = manager.create(ramp(batch * 77 * 64, 0.11f), new Shape(batch, 77, 64));
      double[] millis = new double[iterations];
      for (int i = -3; i < iterations; i++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray in = latents.duplicate();
          in.attach(scope);
          long started = System.nanoTime();
          NDList out = unet.getBlock().forward(new ParameterStore(scope, false), new NDList(in, timesteps, text), false);
          out.head().toFloatArray();
          if (i >= 0) {
            millis[i] = (System.nanoTime() - started) / 1e6;
          }
        }
      }
      Arrays.sort(millis);
      System.out.printf("djl latent=%d batch=%d threads=%d median_ms=%.1f min_ms=%.1f%n",
          side, batch, threads, millis[iterations / 2], millis[0]);
    }
  }

  /** sin(i·k): deterministic, identical to the Python side, no RNG to match. */
  static float[] ramp(int count, float k) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) Math.sin(i * (double) k);
    }
    return values;
  }
}
