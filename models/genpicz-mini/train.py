"""Train genpicz-mini: a caption-conditioned DDPM on 32x32 procedural pictures.

The UNet learns v-prediction targets (plain MSE); export wraps it so the model folder
answers epsilon, as its model.json says.

Run at low priority, it shares a 2-core machine (about 45 minutes when nothing else runs):
    nice -n 19 /usr/bin/python3 train.py --seed 0 > train.log 2>&1

The learning rate follows a cosine over progress = max(step/steps, elapsed/max_minutes), so the
run anneals properly and stops in time even when the machine is very busy; when it reaches --steps
first, a rerun with the same seed on the CPU repeats the same batches and noise. --device cuda
runs the same recipe on a GPU (used to choose the recipe; see MODEL_CARD.md).
"""
import argparse
import math
import os
import time

import cpu_threads  # noqa: F401  (must come before torch)

import numpy as np
import torch

import data
from model import TextEncoder, UNet
from schedule import NoiseSchedule

MAX_TOKENS = 16


class Tokens:
    """Word-level ids exactly as tokenizer.json maps them (lowercase, whitespace split, [UNK]=1, [PAD]=0)."""

    def __init__(self, vocab):
        self.index = {w: i for i, w in enumerate(vocab)}

    def encode(self, caption, length=MAX_TOKENS):
        ids = [self.index.get(w, 1) for w in data.words_of(caption)][:length]
        return ids + [0] * (length - len(ids))

    def batch(self, captions):
        return torch.tensor([self.encode(c) for c in captions], dtype=torch.long)


def load_or_build_dataset(path, seed, count):
    saved = data.load_dataset(path, seed, count) if os.path.exists(path) else None
    if saved is not None:
        return saved
    images, captions = data.build_dataset(seed, count)
    data.save_dataset(path, images, captions, seed)
    return images, captions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--steps", type=int, default=6250)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--channels", type=int, default=48)
    ap.add_argument("--patch", type=int, default=2, help="pixels folded into one UNet cell per side")
    ap.add_argument("--max-minutes", type=float, default=75.0)
    ap.add_argument("--dataset", default="dataset.npz")
    ap.add_argument("--dataset-count", type=int, default=100000)
    ap.add_argument("--caption-dropout", type=float, default=0.1)
    ap.add_argument("--timesteps", choices=("uniform", "mid"), default="mid",
                    help="training timesteps: uniform over 0..999, or mid: 70 %% logit-normal around t=425 "
                         "(where a 32 px object's outline forms), 30 %% uniform")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--out", default="checkpoint.pt")
    args = ap.parse_args()

    torch.set_num_threads(2)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    start = time.time()
    images, captions = load_or_build_dataset(args.dataset, args.seed, args.dataset_count)
    print(f"dataset: {len(captions)} samples in {time.time() - start:.1f}s", flush=True)
    pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1.0).to(device)
    vocab = data.vocabulary()
    tokens = Tokens(vocab)
    ids_all = tokens.batch(captions).to(device)

    text_encoder = TextEncoder(len(vocab), MAX_TOKENS).to(device)
    unet = UNet(args.channels, patch=args.patch).to(device)
    params = list(text_encoder.parameters()) + list(unet.parameters())
    print(f"parameters: text encoder {sum(p.numel() for p in text_encoder.parameters())}, "
          f"unet {sum(p.numel() for p in unet.parameters())}", flush=True)
    ema = {k: v.detach().clone() for k, v in list(text_encoder.state_dict(prefix='te.').items())
           + list(unet.state_dict(prefix='unet.').items())}
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    sched = NoiseSchedule()
    alphas_bar = sched.alphas_cumprod.to(device)

    order = rng.permutation(len(captions))
    cursor = 0
    budget_s = args.max_minutes * 60
    train_start = time.time()
    loss_avg = None
    step = 0
    for step in range(1, args.steps + 1):
        progress = max((step - 1) / args.steps, (time.time() - train_start) / budget_s)
        if progress >= 1.0:
            print(f"time budget reached at step {step - 1}", flush=True)
            step -= 1
            break
        warm = min(1.0, step / 50)
        lr = args.lr * warm * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr

        if cursor + args.batch > len(order):
            order, cursor = rng.permutation(len(captions)), 0
        idx = torch.from_numpy(order[cursor:cursor + args.batch]).to(device)
        cursor += args.batch
        x0 = pixels[idx]
        ids = ids_all[idx].clone()
        drop = torch.from_numpy(rng.uniform(size=args.batch) < args.caption_dropout).to(device)
        ids[drop] = 0
        t = torch.from_numpy(draw_timesteps(rng, args.timesteps, args.batch, sched.num_train_timesteps)).to(device)
        noise = torch.randn_like(x0)
        ab = alphas_bar[t].view(-1, 1, 1, 1)
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * noise

        # The network predicts v; the exported model turns it into epsilon (model.EpsilonFromV).
        target = ab.sqrt() * noise - (1 - ab).sqrt() * x0
        pred = unet(xt, t.float(), text_encoder(ids))
        # Plain v loss = x0 error weighted by snr+1: even at the noisiest steps the network is taught
        # the caption's mean picture, which is what sets colour and layout in the first sampling steps.
        loss = ((pred - target) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

        decay = min(0.998, (1 + step) / (10 + step))
        with torch.no_grad():
            current = dict(list(text_encoder.state_dict(prefix='te.').items())
                           + list(unet.state_dict(prefix='unet.').items()))
            for k, v in ema.items():
                v.mul_(decay).add_(current[k].detach(), alpha=1 - decay)

        loss_avg = loss.detach() if loss_avg is None else 0.95 * loss_avg + 0.05 * loss.detach()
        if step % 20 == 0 or step == 1:
            el = time.time() - train_start
            print(f"step {step} loss {loss_avg:.4f} lr {lr:.2e} elapsed {el / 60:.1f} min "
                  f"({el / step:.2f} s/step)", flush=True)
        if step % 200 == 0:
            save(args, ema, vocab, step)
    save(args, ema, vocab, step)
    print(f"done: {step} steps in {(time.time() - train_start) / 60:.1f} min", flush=True)


def draw_timesteps(rng, kind, count, total):
    """Training timesteps: uniform, or mostly logit-normal (mean logit -0.3, i.e. t = 425; sd 1)."""
    uniform = rng.integers(0, total, count)
    if kind == "uniform":
        return uniform
    middle = np.clip((total / (1 + np.exp(-rng.normal(-0.3, 1.0, count)))).astype(np.int64), 0, total - 1)
    return np.where(rng.uniform(size=count) < 0.3, uniform, middle)


def save(args, ema, vocab, step):
    torch.save({"ema": {k: v.cpu() for k, v in ema.items()}, "vocab": vocab, "channels": args.channels, "patch": args.patch, "max_tokens": MAX_TOKENS,
                "steps": step, "seed": args.seed, "target": "v",
                "timesteps": args.timesteps}, args.out + ".tmp")
    os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
