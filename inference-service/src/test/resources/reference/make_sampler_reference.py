#!/usr/bin/python3
"""Reference numbers for the Java samplers, written independently of them from diffusers' formulas.

diffusers is not installed here, so this re-states, in plain torch/numpy, what DDIMScheduler (eta 0, no clipping)
and EulerAncestralDiscreteScheduler do in set_timesteps, scale_model_input and step. It works in float64 (diffusers
uses float32) so the Java test can compare tightly; the formulas, not the precision, are what is under test.

Run once by hand and commit the output:
  /usr/bin/python3 make_sampler_reference.py > sampler_reference.json
"""
import json

import numpy as np
import torch

CONFIGS = {
    "sd15": dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                 prediction_type="epsilon", timestep_spacing="leading", steps_offset=1, set_alpha_to_one=False),
    "v_trailing": dict(num_train_timesteps=1000, beta_start=0.0001, beta_end=0.02, beta_schedule="linear",
                       prediction_type="v_prediction", timestep_spacing="trailing", steps_offset=0,
                       set_alpha_to_one=True),
    "linspace": dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                     prediction_type="epsilon", timestep_spacing="linspace", steps_offset=0, set_alpha_to_one=False),
}
STEPS = [1, 4, 7, 12, 50]
SAMPLE = torch.tensor([-1.5, 0.3, 2.0], dtype=torch.float64)
MODEL_OUTPUT = torch.tensor([0.5, -0.7, 1.1], dtype=torch.float64)
NOISE = torch.tensor([0.2, -1.0, 0.6], dtype=torch.float64)


def alphas_cumprod(cfg):
    n = cfg["num_train_timesteps"]
    if cfg["beta_schedule"] == "linear":
        betas = torch.linspace(cfg["beta_start"], cfg["beta_end"], n, dtype=torch.float64)
    else:
        betas = torch.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, n, dtype=torch.float64) ** 2
    return torch.cumprod(1.0 - betas, dim=0)


def ddim(cfg, steps):
    n = cfg["num_train_timesteps"]
    ac = alphas_cumprod(cfg)
    final = torch.tensor(1.0, dtype=torch.float64) if cfg["set_alpha_to_one"] else ac[0]
    spacing = cfg["timestep_spacing"]
    if spacing == "linspace":
        timesteps = np.linspace(0, n - 1, steps).round()[::-1].copy().astype(np.int64)
    elif spacing == "leading":
        ratio = n // steps
        timesteps = (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.int64) + cfg["steps_offset"]
    else:
        ratio = n / steps
        timesteps = np.round(np.arange(n, 0, -ratio)).astype(np.int64) - 1
    outputs = []
    for t in timesteps:
        prev_t = int(t) - n // steps
        a_t = ac[int(t)]
        a_prev = ac[prev_t] if prev_t >= 0 else final
        b_t = 1 - a_t
        if cfg["prediction_type"] == "epsilon":
            x0 = (SAMPLE - b_t ** 0.5 * MODEL_OUTPUT) / a_t ** 0.5
            eps = MODEL_OUTPUT
        else:
            x0 = a_t ** 0.5 * SAMPLE - b_t ** 0.5 * MODEL_OUTPUT
            eps = a_t ** 0.5 * MODEL_OUTPUT + b_t ** 0.5 * SAMPLE
        prev = a_prev ** 0.5 * x0 + (1 - a_prev) ** 0.5 * eps
        outputs.append(prev.tolist())
    return dict(timesteps=[float(t) for t in timesteps], init_noise_sigma=1.0,
                input_scales=[1.0] * len(timesteps), step_outputs=outputs)


def euler_ancestral(cfg, steps):
    n = cfg["num_train_timesteps"]
    ac = alphas_cumprod(cfg).numpy()
    spacing = cfg["timestep_spacing"]
    if spacing == "linspace":
        timesteps = np.linspace(0, n - 1, steps, dtype=np.float64)[::-1].copy()
    elif spacing == "leading":
        ratio = n // steps
        timesteps = (np.arange(0, steps) * ratio).round()[::-1].copy().astype(np.float64) + cfg["steps_offset"]
    else:
        ratio = n / steps
        timesteps = np.arange(n, 0, -ratio).round().copy().astype(np.float64) - 1
    sigmas = np.array(((1 - ac) / ac) ** 0.5)
    sigmas = np.interp(timesteps, np.arange(0, len(sigmas)), sigmas)
    sigmas = torch.from_numpy(np.concatenate([sigmas, [0.0]]))
    max_sigma = float(sigmas.max())
    init = max_sigma if spacing in ("linspace", "trailing") else (max_sigma ** 2 + 1) ** 0.5
    scales, outputs = [], []
    for i in range(steps):
        sigma = sigmas[i]
        scales.append(float(1 / (sigma ** 2 + 1) ** 0.5))
        if cfg["prediction_type"] == "epsilon":
            x0 = SAMPLE - sigma * MODEL_OUTPUT
        else:
            x0 = MODEL_OUTPUT * (-sigma / (sigma ** 2 + 1) ** 0.5) + (SAMPLE / (sigma ** 2 + 1))
        sigma_from, sigma_to = sigmas[i], sigmas[i + 1]
        sigma_up = (sigma_to ** 2 * (sigma_from ** 2 - sigma_to ** 2) / sigma_from ** 2) ** 0.5
        sigma_down = (sigma_to ** 2 - sigma_up ** 2) ** 0.5
        derivative = (SAMPLE - x0) / sigma
        prev = SAMPLE + derivative * (sigma_down - sigma) + NOISE * sigma_up
        outputs.append(prev.tolist())
    return dict(timesteps=timesteps.tolist(), init_noise_sigma=init, input_scales=scales,
                sigmas=sigmas.tolist(), step_outputs=outputs)


def main():
    cases = []
    for name, cfg in CONFIGS.items():
        for steps in STEPS:
            cases.append(dict(config=name, sampler="ddim", steps=steps, **ddim(cfg, steps)))
            cases.append(dict(config=name, sampler="euler_a", steps=steps, **euler_ancestral(cfg, steps)))
    ac = alphas_cumprod(CONFIGS["sd15"])
    print(json.dumps(dict(
        configs=CONFIGS, sample=SAMPLE.tolist(), model_output=MODEL_OUTPUT.tolist(), noise=NOISE.tolist(),
        sd15_alphas_cumprod={str(t): float(ac[t]) for t in (0, 1, 250, 500, 999)},
        cases=cases), indent=1))


if __name__ == "__main__":
    main()
