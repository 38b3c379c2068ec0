"""Plain-torch DDIM sampler with classifier-free guidance, for evaluation and the contact sheet.

It follows the Java pipeline's DDIM (diffusers DDIMScheduler, eta 0, set_alpha_to_one): trailing
timesteps, previous timestep = t - T // steps, the unconditional row is the empty caption "".

    /usr/bin/python3 sample.py --prompt "a red circle on a blue background" --out red.png
"""
import argparse

import cpu_threads  # noqa: F401  (must come before torch)
import numpy as np
import torch

import data
from model import EpsilonFromV, TextEncoder, UNet
from schedule import NoiseSchedule
from train import Tokens


class Sampler:
    """Loads the EMA weights of a training checkpoint, or the exported TorchScript files of a model folder."""

    def __init__(self, checkpoint=None, model_dir=None):
        if model_dir is not None:
            self.text_encoder = torch.jit.load(f"{model_dir}/text_encoder.pt")
            self.unet = torch.jit.load(f"{model_dir}/unet.pt")
            import json
            with open(f"{model_dir}/tokenizer.json") as f:
                vocab_map = json.load(f)["model"]["vocab"]
            vocab = [w for w, _ in sorted(vocab_map.items(), key=lambda kv: kv[1])]
        else:
            ck = torch.load(checkpoint, map_location="cpu")
            vocab = ck["vocab"]
            self.text_encoder = TextEncoder(len(vocab), ck["max_tokens"])
            unet = UNet(ck["channels"], patch=ck.get("patch", 2))
            ema = ck["ema"]
            self.text_encoder.load_state_dict({k[3:]: v for k, v in ema.items() if k.startswith("te.")})
            unet.load_state_dict({k[5:]: v for k, v in ema.items() if k.startswith("unet.")})
            self.unet = EpsilonFromV(unet, NoiseSchedule().alphas_cumprod)
            self.text_encoder.eval()
            self.unet.eval()
        self.tokens = Tokens(vocab)
        self.schedule = NoiseSchedule()

    @torch.no_grad()
    def sample(self, prompts, steps=25, guidance=2.0, seed=0, size=data.SIZE):
        """Images uint8 [N, size, size, 3] for the prompts (seed s gives every prompt the same noise)."""
        n = len(prompts)
        cond = self.text_encoder(self.tokens.batch(prompts))
        uncond = self.text_encoder(self.tokens.batch([""] * n))
        text = torch.cat([cond, uncond])
        gen = torch.Generator().manual_seed(seed)
        x = torch.randn(n, 3, size, size, generator=gen)
        ab = self.schedule.alphas_cumprod
        ratio = self.schedule.num_train_timesteps // steps
        for t in self.schedule.ddim_timesteps(steps):
            tt = torch.full((2 * n,), float(t))
            eps_c, eps_u = self.unet(torch.cat([x, x]), tt, text).chunk(2)
            eps = eps_u + guidance * (eps_c - eps_u)
            a = ab[t]
            a_prev = ab[t - ratio] if t - ratio >= 0 else torch.tensor(1.0)
            x0 = (x - (1 - a).sqrt() * eps) / a.sqrt()
            x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
        img = ((x.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1)
        return img.numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompt", required=True)
    ap.add_argument("--checkpoint", default="checkpoint.pt")
    ap.add_argument("--model-dir", default=None, help="use the exported TorchScript files instead")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="sample.png")
    args = ap.parse_args()
    torch.set_num_threads(2)
    from PIL import Image
    s = Sampler(args.checkpoint, args.model_dir)
    img = s.sample([args.prompt], args.steps, args.guidance, args.seed)[0]
    Image.fromarray(img).resize((256, 256), Image.BICUBIC).save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
