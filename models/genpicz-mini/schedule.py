"""The DDPM noise schedule genpicz-mini is trained with, and the DDIM timesteps it is sampled at.

It mirrors the `scheduler` block of model.json: 1000 steps, linear betas 1e-4..0.02 (the
classic DDPM schedule for pixel-space 32x32 pictures), epsilon prediction, trailing spacing.
"""
import torch

SCHEDULER_CONFIG = {
    "num_train_timesteps": 1000,
    "beta_start": 0.0001,
    "beta_end": 0.02,
    "beta_schedule": "linear",
    "prediction_type": "epsilon",
    "timestep_spacing": "trailing",
    "steps_offset": 0,
}


class NoiseSchedule:
    def __init__(self, cfg=SCHEDULER_CONFIG):
        self.num_train_timesteps = cfg["num_train_timesteps"]
        betas = torch.linspace(cfg["beta_start"], cfg["beta_end"], self.num_train_timesteps,
                               dtype=torch.float64)
        self.alphas_cumprod = torch.cumprod(1.0 - betas, dim=0).float()

    def ddim_timesteps(self, steps):
        """Trailing spacing, as diffusers: round(arange(T, 0, -T/steps)) - 1, e.g. 999, 949, ... 49."""
        ratio = self.num_train_timesteps / steps
        ts = torch.round(torch.arange(self.num_train_timesteps, 0, -ratio, dtype=torch.float64)) - 1
        return [int(t) for t in ts]
