"""Render contact_sheet.png: held-out prompts (never seen in training) and a few scenes, with captions.

    /usr/bin/python3 contact_sheet.py --model-dir . --out contact_sheet.png
"""
import argparse
import textwrap

import cpu_threads  # noqa: F401  (must come before torch)
import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

import data
from sample import Sampler

SCENE_PROMPTS = ["a sunset over the sea", "green hills", "a night sky with stars", "a sunset over green hills"]
TILE = 160


def prompts():
    held = [data.caption_for(c, s, b, None) for c, s, b in data.HELD_OUT_NAMED if (c, s, b) in data.HELD_OUT]
    held[2] = data.caption_for(*data.HELD_OUT_NAMED[2], "left")
    held[5] = data.caption_for(*data.HELD_OUT_NAMED[5], "top")
    return held + SCENE_PROMPTS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", default=None)
    ap.add_argument("--checkpoint", default="checkpoint.pt")
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="contact_sheet.png")
    args = ap.parse_args()
    torch.set_num_threads(2)
    ps = prompts()
    images = Sampler(args.checkpoint, args.model_dir).sample(ps, args.steps, args.guidance, args.seed)
    cols = 4
    rows = (len(ps) + cols - 1) // cols
    caption_h = 40
    sheet = Image.new("RGB", (cols * TILE, rows * (TILE + caption_h)), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    for i, (p, img) in enumerate(zip(ps, images)):
        r, c = divmod(i, cols)
        x, y = c * TILE, r * (TILE + caption_h)
        # bicubic, like the exported decoder's upsampling
        up = torch.nn.functional.interpolate(torch.from_numpy(img).permute(2, 0, 1)[None].float(),
                                             size=(TILE - 8, TILE - 8), mode="bicubic", align_corners=False)
        tile = up[0].clamp(0, 255).round().byte().permute(1, 2, 0).numpy()
        sheet.paste(Image.fromarray(np.ascontiguousarray(tile)), (x + 4, y + 4))
        for k, line in enumerate(textwrap.wrap(p, 26)[:3]):
            draw.text((x + 4, y + TILE + k * 12), line, fill="black", font=font)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({len(ps)} prompts)")


if __name__ == "__main__":
    main()
