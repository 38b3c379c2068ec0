package com.genpicz.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One TorchScript file of the model folder, called directly through its block: outputs belong to the inputs'
 * NDManager, so the caller's scoping decides when they are freed.
 */
public final class TorchScriptModule implements AutoCloseable {

    private final Model model;
    private final String name;

    private TorchScriptModule(Model model, String name) {
        this.model = model;
        this.name = name;
    }

    /** Loads {@code <name>.pt} from a model folder with the PyTorch engine, onto {@code device}. */
    public static TorchScriptModule load(Path modelDir, String name, Device device) {
        Model model = Model.newInstance(name, device, "PyTorch");
        try {
            model.load(modelDir, name);
            return new TorchScriptModule(model, name);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read " + name + ".pt in " + modelDir, e);
        } catch (MalformedModelException e) {
            model.close();
            throw new IllegalArgumentException(name + ".pt in " + modelDir + " is not valid TorchScript", e);
        }
    }

    /** Runs the module's forward on the given tensors. */
    public NDArray forward(NDArray... inputs) {
        NDList outputs = model.getBlock()
                .forward(new ParameterStore(inputs[0].getManager(), false), new NDList(inputs), false);
        return outputs.singletonOrThrow();
    }

    /** The file's base name, e.g. {@code unet}. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        model.close();
    }
}
