"""Prompt adherence of genpicz-mini on held-out captions, by simple image analysis.

For each prompt (a colour x shape x background triple never seen in training, with a random
position phrase) one 32x32 picture is sampled and analysed:
  * foreground: pixels far from their row's median colour (every background is constant along
    a row, except hill slopes, which are wide and are filtered out), largest compact component;
  * colour: nearest palette colour to the median of the component's interior pixels;
  * shape: the shape whose template (searched over centre and size) overlaps it best (IoU);
  * position: the component's centroid, on the axis the caption names;
  * background: nearest background prototype by row profile.
A prompt counts as adhered to when colour AND shape are right (the headline score);
position and background accuracies are reported too.

    /usr/bin/python3 evaluate.py --model-dir .            # the exported TorchScript model
    /usr/bin/python3 evaluate.py --ground-truth           # checks the analysis itself on drawn pictures
"""
import argparse
import json
import time

import numpy as np

import data

PALETTE_NAMES = list(data.COLOURS)
PALETTE = np.array([data.COLOURS[c] for c in PALETTE_NAMES], np.float32)
FOREGROUND_DISTANCE = 55.0


def _components(mask):
    """4-connected components of a boolean mask, as lists of (y, x)."""
    seen = np.zeros_like(mask, bool)
    out = []
    h, w = mask.shape
    for y0, x0 in zip(*np.nonzero(mask)):
        if seen[y0, x0]:
            continue
        stack, comp = [(y0, x0)], []
        seen[y0, x0] = True
        while stack:
            y, x = stack.pop()
            comp.append((y, x))
            for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    stack.append((ny, nx))
        out.append(comp)
    return out


def foreground(img):
    """Boolean mask of the object (empty when none is found)."""
    f = img.astype(np.float32)
    row_bg = np.median(f, axis=1, keepdims=True)
    far = np.linalg.norm(f - row_bg, axis=2) > FOREGROUND_DISTANCE
    best = None
    for comp in _components(far):
        ys, xs = np.array(comp).T
        height, width = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
        if len(comp) < 6 or width > 20 or height > 20:
            continue  # specks (stars, waves) and hill slopes
        if best is None or len(comp) > len(best):
            best = comp
    mask = np.zeros(img.shape[:2], bool)
    if best is not None:
        ys, xs = np.array(best).T
        mask[ys, xs] = True
    return mask


def dominant_colour(img, mask):
    inner = mask.copy()
    inner[1:] &= mask[:-1]
    inner[:-1] &= mask[1:]
    inner[:, 1:] &= mask[:, :-1]
    inner[:, :-1] &= mask[:, 1:]
    pixels = img[inner if inner.sum() >= 4 else mask].astype(np.float32)
    median = np.median(pixels, axis=0)
    return PALETTE_NAMES[int(np.argmin(np.linalg.norm(PALETTE - median, axis=1)))]


_GRID2 = np.meshgrid((np.arange(64) + 0.5) / 2, (np.arange(64) + 0.5) / 2)


def _template(shape, cx, cy, r):
    hi = data.shape_mask(shape, cx, cy, r, *_GRID2).astype(np.float32)
    return hi.reshape(32, 2, 32, 2).mean(axis=(1, 3)) >= 0.5


def classify_shape(mask):
    ys, xs = np.nonzero(mask)
    cx0, cy0 = (xs.min() + xs.max() + 1) / 2, (ys.min() + ys.max() + 1) / 2
    half = max(xs.max() - xs.min() + 1, ys.max() - ys.min() + 1) / 2
    best, best_iou = None, -1.0
    for shape in data.SHAPES:
        for r in np.arange(max(2.5, half * 0.8), half * 1.35 + 0.01, 0.25):
            for dx in (-1.0, -0.5, 0.0, 0.5, 1.0):
                for dy in (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5):
                    t = _template(shape, cx0 + dx, cy0 + dy, r)
                    iou = (t & mask).sum() / max((t | mask).sum(), 1)
                    if iou > best_iou:
                        best, best_iou = shape, iou
    return best


def position_ok(mask, background, position):
    if position is None:
        return None
    ys, xs = np.nonzero(mask)
    cx, cy = xs.mean() + 0.5, ys.mean() + 0.5
    if position == "left":
        return bool(cx < 13.0)
    if position == "right":
        return bool(cx > 19.0)
    if position == "top":
        return bool(cy < (9.0 if background in data.SKY_ONLY else 13.0))
    if position == "bottom":
        return bool(cy > 19.0)
    return bool(12.0 <= cx <= 20.0 and (background in data.SKY_ONLY or 12.0 <= cy <= 20.0))


def _prototypes():
    protos = {}
    rng = np.random.default_rng(7)
    for b in list(data.COLOURS) + data.SCENES:
        rows = [np.median(data.draw_background(b, rng), axis=1) for _ in range(8)]
        protos[b] = np.mean(rows, axis=0)
    return protos


PROTOTYPES = _prototypes()


def classify_background(img):
    rows = np.median(img.astype(np.float32), axis=1)
    return min(PROTOTYPES, key=lambda b: float(np.abs(PROTOTYPES[b] - rows).mean()))


def analyse(img, spec):
    mask = foreground(img)
    if mask.sum() == 0:
        return {"colour": None, "shape": None, "position_ok": False if spec["position"] else None,
                "background": classify_background(img)}
    return {"colour": dominant_colour(img, mask), "shape": classify_shape(mask),
            "position_ok": position_ok(mask, spec["background"], spec["position"]),
            "background": classify_background(img)}


def eval_specs(count, seed=0):
    """`count` held-out prompts (the named showcase triples first), each with a seeded position phrase."""
    rng = np.random.default_rng(seed)
    named = [t for t in data.HELD_OUT_NAMED if t in data.HELD_OUT]
    rest = [t for t in sorted(data.HELD_OUT) if t not in named]
    rest = [rest[i] for i in rng.permutation(len(rest))]
    specs = []
    for c, s, b in (named + rest)[:count]:
        p = data.pick_position(b, rng)
        specs.append({"kind": "object", "colour": c, "shape": s, "background": b, "position": p,
                      "caption": data.caption_for(c, s, b, p)})
    return specs


def score(specs, images):
    rows = []
    for spec, img in zip(specs, images):
        a = analyse(img, spec)
        rows.append({"caption": spec["caption"], **a,
                     "colour_ok": a["colour"] == spec["colour"], "shape_ok": a["shape"] == spec["shape"],
                     "background_ok": a["background"] == spec["background"]})
    n = len(rows)
    pos = [r["position_ok"] for r in rows if r["position_ok"] is not None]
    summary = {
        "prompts": n,
        "adherence_colour_and_shape": sum(r["colour_ok"] and r["shape_ok"] for r in rows) / n,
        "colour": sum(r["colour_ok"] for r in rows) / n,
        "shape": sum(r["shape_ok"] for r in rows) / n,
        "position": sum(pos) / max(len(pos), 1),
        "background": sum(r["background_ok"] for r in rows) / n,
    }
    return summary, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", default=None)
    ap.add_argument("--checkpoint", default="checkpoint.pt")
    ap.add_argument("--ground-truth", action="store_true")
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--steps", type=int, default=25)
    ap.add_argument("--guidance", type=float, default=2.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--report", default=None, help="write per-prompt results as JSON here")
    args = ap.parse_args()
    specs = eval_specs(args.count, args.seed)
    start = time.time()
    if args.ground_truth:
        images = [data.draw_caption_spec(s, i) for i, s in enumerate(specs)]
    else:
        import torch
        torch.set_num_threads(2)
        from sample import Sampler
        sampler = Sampler(args.checkpoint, args.model_dir)
        images = []
        for i in range(0, len(specs), args.batch):
            chunk = [s["caption"] for s in specs[i:i + args.batch]]
            images.extend(sampler.sample(chunk, args.steps, args.guidance, args.seed + i))
    summary, rows = score(specs, images)
    summary["seconds"] = round(time.time() - start, 1)
    print(json.dumps(summary, indent=2))
    for r in rows:
        if not (r["colour_ok"] and r["shape_ok"]):
            print(f"  miss: {r['caption']!r} -> {r['colour']} {r['shape']} on {r['background']}")
    if args.report:
        with open(args.report, "w") as f:
            json.dump({"summary": summary, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
