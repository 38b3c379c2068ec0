#!/usr/bin/python3
"""Writes unet.pt: a UNet with the model-format contract whose prediction is all NaN. The pipeline test swaps it
into a copy of models/tiny-random to check that non-finite output becomes a RenderException, not a black PNG.

Run once by hand:  /usr/bin/python3 make_nan_unet.py
"""
import os

import torch


class NanUnet(torch.nn.Module):
    def forward(self, latents, timesteps, text):
        # Keep every input in the graph so the traced signature matches the real UNet's.
        anchor = timesteps.sum() * 0.0 + text.sum() * 0.0
        return latents * float("nan") + anchor


def main():
    example = (torch.randn(2, 4, 8, 8), torch.tensor([1.0, 1.0]), torch.randn(2, 77, 64))
    traced = torch.jit.trace(NanUnet().eval(), example)
    traced.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "unet.pt"))


if __name__ == "__main__":
    main()
