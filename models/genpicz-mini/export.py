"""Export a genpicz-mini checkpoint into this folder in the GenPicz model format (docs/model-format.md).

    /usr/bin/python3 export.py --checkpoint checkpoint.pt --out .

Writes model.json, tokenizer.json (HuggingFace tokenizers WordLevel, written by hand),
text_encoder.pt, unet.pt and vae_decoder.pt (torch.jit.trace, byte-reproducible).
The UNet inside predicts v; unet.pt wraps it (model.EpsilonFromV) and answers epsilon.
The model works in pixel space: its "latents" are the 32x32 RGB picture in [-1, 1]
(latent_channels 3, vae_scaling_factor 1.0), and the "VAE decoder" upsamples them 16x
(bicubic, clamped) to 512x512.
"""
import argparse
import json
import os

import cpu_threads  # noqa: F401  (must come before torch)
import torch

from model import PixelDecoder
from sample import Sampler
from schedule import SCHEDULER_CONFIG

UPSCALE = 16


def tokenizer_json(vocab):
    special = [{"id": i, "content": w, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True} for i, w in enumerate(vocab[:2])]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": special,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(vocab)}, "unk_token": "[UNK]"},
    }


GUIDANCE = 2.0


def model_json(max_tokens, patch):
    return {
        "name": "genpicz-mini",
        "latent_channels": 3,
        "vae_scale_factor": UPSCALE,
        "vae_scaling_factor": 1.0,
        "native_resolution": 32 * UPSCALE,
        "latent_multiple": 4 * patch,  # pixel unshuffle by the patch, then two 2x downsamplings
        "max_token_length": max_tokens,
        "pad_token_id": 0,
        "scheduler": dict(SCHEDULER_CONFIG, set_alpha_to_one=True),
        # What the API's quality names mean for this model: guidance above ~3 ruins its shapes (MODEL_CARD.md,
        # "Sampling settings"), so every quality samples at the guidance it was evaluated with.
        "quality_profiles": {
            quality: {"steps": steps, "guidance_scale": GUIDANCE, "sampler": "ddim"}
            for quality, steps in (("standard", 4), ("hd", 8), ("ultra", 25))
        },
    }


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


@torch.no_grad()
def export(checkpoint, out):
    ck = torch.load(checkpoint, map_location="cpu")
    s = Sampler(checkpoint)
    vocab, max_tokens = ck["vocab"], ck["max_tokens"]
    ids = s.tokens.batch(["a red circle on a blue background", ""])
    text = s.text_encoder(ids)
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    t = torch.tensor([999.0, 500.0])

    te = torch.jit.trace(s.text_encoder, (ids,), check_trace=False)
    unet = torch.jit.trace(s.unet, (x, t, text), check_trace=False)
    decoder = torch.jit.trace(PixelDecoder(UPSCALE).eval(), (x,), check_trace=False)

    # The traced graphs must keep batch and picture size dynamic: the pipeline batches
    # prompts and samples 768 and 1024 pixel requests at 48 and 64 latent cells.
    ids3 = s.tokens.batch(["a yellow star above green hills", "a sunset over the sea", ""])
    assert torch.allclose(te(ids3), s.text_encoder(ids3), atol=1e-5)
    for side in (32, 48, 64):
        x3 = torch.randn(3, 3, side, side)
        t3 = torch.tensor([999.0, 420.5, 1.0])  # fractional: Euler samplers may ask for it
        text3 = s.text_encoder(ids3)
        assert torch.allclose(unet(x3, t3, text3), s.unet(x3, t3, text3), atol=1e-4), side
        assert decoder(x3).shape == (3, 3, side * UPSCALE, side * UPSCALE)

    os.makedirs(out, exist_ok=True)
    te.save(os.path.join(out, "text_encoder.pt"))
    unet.save(os.path.join(out, "unet.pt"))
    decoder.save(os.path.join(out, "vae_decoder.pt"))
    write_json(os.path.join(out, "tokenizer.json"), tokenizer_json(vocab))
    write_json(os.path.join(out, "model.json"), model_json(max_tokens, ck.get("patch", 2)))
    print(f"exported {checkpoint} (step {ck['steps']}, seed {ck['seed']}) to {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", default="checkpoint.pt")
    ap.add_argument("--out", default=".")
    args = ap.parse_args()
    torch.set_num_threads(2)
    export(args.checkpoint, args.out)


if __name__ == "__main__":
    main()
