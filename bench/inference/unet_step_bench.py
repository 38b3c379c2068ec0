#!/usr/bin/python3
"""Milliseconds per UNet call through Python torch, on the same inputs as UnetStepBench.java.
Usage: unet_step_bench.py MODEL_DIR THREADS LATENT_SIDE BATCH ITERATIONS"""
import statistics
import sys
import time

import torch


def ramp(count, k):
    return torch.sin(torch.arange(count, dtype=torch.float64) * k).float()


def main():
    model_dir, threads, side, batch, iterations = sys.argv[1], *map(int, sys.argv[2:6])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch._C._set_graph_executor_optimize(False)  # same setting as the Java pipeline
    unet = torch.jit.load(model_dir + "/unet.pt")
    latents = ramp(batch * 4 * side * side, 0.37).reshape(batch, 4, side, side)
    timesteps = torch.full((batch,), 500.0)
    text = ramp(batch * 77 * 64, 0.11).reshape(batch, 77, 64)
    millis = []
    with torch.no_grad():
        for i in range(-3, iterations):
            started = time.perf_counter()
            unet(latents.clone(), timesteps, text)
            if i >= 0:
                millis.append((time.perf_counter() - started) * 1000)
    millis.sort()
    print("python latent=%d batch=%d threads=%d median_ms=%.1f min_ms=%.1f"
          % (side, batch, threads, millis[iterations // 2], millis[0]))


if __name__ == "__main__":
    main()
