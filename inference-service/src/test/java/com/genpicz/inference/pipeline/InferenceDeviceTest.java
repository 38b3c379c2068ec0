package com.genpicz.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.genpicz.common.config.Env;
import com.genpicz.inference.model.TinyModel;
import com.genpicz.inference.service.InferenceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build bundles the CPU-only libtorch (pytorch-native-cpu), so a GPU is never usable in these tests. */
class InferenceDeviceTest {

    @Test
    void withTheCpuOnlyLibtorchTheModelRunsOnTheCpu() {
        assertThat(SharedPipeline.get().device()).isEqualTo(Device.cpu());
    }

    @Test
    void askingForAGpuThatLibtorchCannotUseFailsAtLoadSayingWhy() {
        assertThatThrownBy(() -> DiffusionPipeline.load(TinyModel.folder(), 1, InferenceDevice.GPU))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("built without CUDA")
                .hasMessageContaining("pytorch-native-cu");
    }

    @Test
    void theDeviceIsReadFromTheEnvironmentAndDefaultsToAuto() {
        Map<String, String> base = Map.of("GENPICZ_MODEL_DIR", TinyModel.folder().toString());
        assertThat(InferenceConfig.from(new Env(base)).device()).isEqualTo(InferenceDevice.AUTO);

        Map<String, String> cpu = Map.of("GENPICZ_MODEL_DIR", TinyModel.folder().toString(),
                "GENPICZ_INFERENCE_DEVICE", "cpu");
        assertThat(InferenceConfig.from(new Env(cpu)).device()).isEqualTo(InferenceDevice.CPU);

        Map<String, String> typo = Map.of("GENPICZ_MODEL_DIR", TinyModel.folder().toString(),
                "GENPICZ_INFERENCE_DEVICE", "cuda");
        assertThatThrownBy(() -> InferenceConfig.from(new Env(typo)))
                .hasMessageContaining("GENPICZ_INFERENCE_DEVICE must be one of [auto, cpu, gpu]");
    }
}
