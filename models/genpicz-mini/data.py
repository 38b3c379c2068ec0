"""Deterministic procedural image + caption generator for genpicz-mini.

Every sample is a 32x32 RGB picture drawn from a caption whose words we control:
a coloured shape (optionally placed left/right/top/bottom/center) on a background
(a plain colour, "green hills", "the sea", "a sunset sky", "a night sky"), or a
background/scene alone ("a sunset over the sea", "green hills", "a blue background").

Sample i of a seed is always the same picture and caption (its RNG is seeded by
(seed, i)), so a dataset is reproducible from `python3 data.py --seed S --count N`.

Held out from training (never drawn by `training_sample`):
  * HELD_OUT_TRIPLES: every (colour, shape, background) triple in HELD_OUT_NAMED,
    plus about 6 % of all valid triples picked by a fixed RNG (seed 1234),
    in any position. `held_out_triples()` lists them; evaluate.py draws its prompts
    from them.
  * The named ones include the showcase prompts "a red circle on a blue background"
    and "a yellow star above green hills", so the contact sheet shows compositions
    the model never saw.
"""
import argparse
import re

import numpy as np

SIZE = 32            # training resolution (pixels)
SUPERSAMPLE = 4      # shapes are rasterised at 4x and averaged down, for anti-aliasing

COLOURS = {
    "red": (215, 25, 28), "orange": (245, 130, 20), "yellow": (250, 220, 30),
    "gold": (190, 150, 20), "lime": (160, 230, 40), "green": (30, 150, 50),
    "mint": (160, 240, 190), "olive": (100, 105, 20), "teal": (0, 125, 125),
    "cyan": (30, 220, 230), "blue": (30, 70, 220), "navy": (15, 25, 100),
    "purple": (120, 40, 160), "lavender": (190, 160, 245), "magenta": (230, 30, 200),
    "pink": (255, 150, 190), "coral": (250, 110, 90), "brown": (120, 70, 30),
    "maroon": (110, 15, 35), "beige": (225, 205, 160), "black": (15, 15, 15),
    "gray": (128, 128, 128), "silver": (192, 192, 200), "white": (250, 250, 250),
}
SHAPES = ["circle", "square", "triangle", "star", "diamond", "cross"]
SCENES = ["hills", "sea", "sunset", "night"]          # non-plain backgrounds
POSITIONS = ["left", "right", "top", "bottom", "center"]
POSITION_PHRASE = {"left": "on the left", "right": "on the right", "top": "at the top",
                   "bottom": "at the bottom", "center": "in the center"}
SCENE_PHRASE = {"hills": "above green hills", "sea": "over the sea",
                "sunset": "in a sunset sky", "night": "in a night sky"}
# Scenes with ground or water below only allow the object in the sky.
SKY_ONLY = {"hills", "sea"}
STAR_SCALE = 1.2
# Bumped whenever a change here changes the pictures, so a saved dataset.npz is not reused.
DATA_VERSION = 2
MIN_CONTRAST = 90.0  # RGB distance an object needs from its background to be drawn on it

HELD_OUT_NAMED = [
    ("red", "circle", "blue"), ("yellow", "star", "hills"), ("white", "square", "black"),
    ("green", "triangle", "yellow"), ("orange", "diamond", "sea"), ("pink", "cross", "navy"),
    ("blue", "star", "sunset"), ("yellow", "circle", "night"), ("purple", "square", "sea"),
    ("red", "triangle", "hills"), ("cyan", "circle", "maroon"), ("magenta", "star", "white"),
]

_SKY = np.array((135, 195, 235), np.float32)
_SUNSET_STOPS = [(0.0, (70, 40, 120)), (0.45, (220, 80, 90)), (0.75, (250, 150, 60)),
                 (1.0, (255, 210, 110))]


def colour_distance(a, b):
    return float(np.linalg.norm(np.asarray(a, np.float32) - np.asarray(b, np.float32)))


def background_colours(background):
    """Representative colours of a background, used to keep objects visible on it."""
    if background in COLOURS:
        return [COLOURS[background]]
    return {"hills": [tuple(_SKY)], "sea": [tuple(_SKY)],
            "sunset": [c for _, c in _SUNSET_STOPS[:3]], "night": [(10, 15, 50)]}[background]


def contrasts(colour, background):
    return all(colour_distance(COLOURS[colour], c) >= MIN_CONTRAST
               for c in background_colours(background))


def all_triples():
    """Every drawable (colour, shape, background) triple."""
    out = []
    for c in COLOURS:
        for s in SHAPES:
            for b in list(COLOURS) + SCENES:
                if b != c and contrasts(c, b):
                    out.append((c, s, b))
    return out


def held_out_triples():
    triples = all_triples()
    valid = set(triples)
    named = [t for t in HELD_OUT_NAMED if t in valid]
    rng = np.random.default_rng(1234)
    picked = rng.permutation(len(triples))[: int(0.06 * len(triples))]
    return sorted(set(named) | {triples[i] for i in picked})


HELD_OUT = frozenset(held_out_triples())
TRAIN_TRIPLES = [t for t in all_triples() if t not in HELD_OUT]


def caption_for(colour, shape, background, position):
    """The caption that describes one object on one background; position None = unsaid (center)."""
    words = ["a", colour, shape]
    if position is not None:
        words.append(POSITION_PHRASE[position])
    if background == "white_default":
        return " ".join(words)
    words.append(SCENE_PHRASE[background] if background in SCENES else f"on a {background} background")
    return " ".join(words)


# ----------------------------------------------------------------------------------------------
# Rasterising
# ----------------------------------------------------------------------------------------------
def _grid(n=SIZE * SUPERSAMPLE):
    coords = (np.arange(n, dtype=np.float32) + 0.5) / SUPERSAMPLE  # pixel units of the 32px image
    return np.meshgrid(coords, coords)  # xx, yy


_XX, _YY = _grid()


def _downsample(hi):
    n = SIZE
    return hi.reshape(n, SUPERSAMPLE, n, SUPERSAMPLE, *hi.shape[2:]).mean(axis=(1, 3))


def shape_mask(shape, cx, cy, r, xx=_XX, yy=_YY):
    """Boolean mask of a shape of 'radius' r centred at (cx, cy), on the given pixel grid."""
    dx, dy = xx - cx, yy - cy
    if shape == "circle":
        return dx * dx + dy * dy <= r * r
    if shape == "square":
        h = r * 0.85
        return (np.abs(dx) <= h) & (np.abs(dy) <= h)
    if shape == "diamond":
        return np.abs(dx) + np.abs(dy) * 0.85 <= r
    if shape == "cross":
        arm, w = r, r * 0.36
        return ((np.abs(dx) <= w) & (np.abs(dy) <= arm)) | ((np.abs(dy) <= w) & (np.abs(dx) <= arm))
    if shape == "triangle":
        # upward triangle: apex at top, base at bottom; y grows downward
        top, bottom = cy - r, cy + r * 0.75
        t = (dy + r) / (r * 1.75)             # 0 at apex, 1 at base
        return (yy >= top) & (yy <= bottom) & (np.abs(dx) <= t * r * 1.0)
    if shape == "star":
        # Drawn larger and fuller than the other shapes: at the same radius a thin 5-point star
        # covers 40 % of a circle's area and melts into a blob at 32 px.
        r = r * STAR_SCALE
        ang = np.arctan2(dy, dx) + np.pi / 2   # a point at the top
        rad = np.sqrt(dx * dx + dy * dy)
        inner = 0.5
        k = (ang / (2 * np.pi / 5)) % 1.0      # position inside one of 5 spikes
        # piecewise-linear radius between outer tips (k=0,1) and inner notches (k=0.5)
        # interpolating 1/radius between tip and notch gives nearly straight edges
        edge = 1.0 / (1 / r + (1 / (r * inner) - 1 / r) * (1 - np.abs(2 * k - 1)))
        return rad <= edge
    raise ValueError(shape)


def _vertical_gradient(stops, top=0.0, bottom=1.0, n=SIZE):
    ys = (np.arange(n, dtype=np.float32) + 0.5) / n
    ys = np.clip((ys - top) / max(bottom - top, 1e-6), 0, 1)
    pos = [p for p, _ in stops]
    cols = np.array([c for _, c in stops], np.float32)
    col = np.stack([np.interp(ys, pos, cols[:, k]) for k in range(3)], axis=1)
    return np.broadcast_to(col[:, None, :], (n, n, 3)).copy()


def _paint(img, mask_hi, colour):
    alpha = _downsample(mask_hi.astype(np.float32))[..., None]
    return img * (1 - alpha) + np.asarray(colour, np.float32) * alpha


def draw_background(background, rng, sun=False):
    """A background; with sun=True the sunset scenes get a sun behind their hills or sea."""
    n = SIZE
    if background in COLOURS:
        return np.tile(np.asarray(COLOURS[background], np.float32), (n, n, 1))
    if background == "white_default":
        return np.tile(np.asarray(COLOURS["white"], np.float32), (n, n, 1))
    if background == "night":
        img = _vertical_gradient([(0, (5, 8, 35)), (1, (25, 35, 80))])
        for _ in range(rng.integers(6, 12)):
            x, y = rng.integers(0, n, 2)
            img[y, x] = (230, 230, 200)
        return img
    if background == "sunset":
        return _vertical_gradient(_SUNSET_STOPS)
    sunset = background.startswith("sunset_")
    ground = background.replace("sunset_", "")
    if sunset:
        img = _vertical_gradient(_SUNSET_STOPS, 0, 0.62)
    else:
        img = _vertical_gradient([(0, (90, 160, 230)), (1, (175, 215, 240))], 0, 0.6)
    if sun:
        cx, cy = rng.uniform(10, 22), rng.uniform(15.0, 18.0)
        img = _paint(img, shape_mask("circle", cx, cy, rng.uniform(4.5, 6.0)), (255, 190, 60))
    if ground == "hills":
        phase, freq, base = rng.uniform(0, 6.28), rng.uniform(0.12, 0.22), rng.uniform(20.5, 22.5)
        far = _YY >= base + 2.0 * np.sin(_XX * freq + phase) - 1.0
        near = _YY >= base + 4.0 + 2.5 * np.sin(_XX * freq * 1.3 + phase + 2.0)
        img = _paint(img, far, (60, 150, 60) if not sunset else (50, 110, 55))
        img = _paint(img, near, (35, 115, 40) if not sunset else (30, 80, 40))
        return img
    horizon = rng.uniform(18.5, 20.5)
    img = _paint(img, _YY >= horizon, (40, 60, 120) if sunset else (25, 90, 170))
    for _ in range(rng.integers(3, 6)):  # lighter wave streaks
        y = rng.uniform(horizon + 1.5, SIZE - 1)
        x0 = rng.uniform(0, SIZE - 8)
        streak = (np.abs(_YY - y) <= 0.35) & (_XX >= x0) & (_XX <= x0 + rng.uniform(4, 10))
        img = _paint(img, streak, (250, 170, 80) if sunset else (120, 170, 220))
    return img


def object_geometry(background, position, rng):
    """(cx, cy, r) of the object, in 32px pixel units."""
    if background in SKY_ONLY:
        r = rng.uniform(4.5, 6.0)
        xs = {"left": 8.5, "right": 23.5, "center": 16.0, "top": 16.0, None: 16.0}
        ys = {"top": 7.0}
        cx = xs[position] + rng.uniform(-1.2, 1.2)
        cy = ys.get(position, 9.5) + rng.uniform(-1.0, 1.0)
    else:
        r = rng.uniform(5.5, 7.5)
        pos = position or "center"
        cx = {"left": 9.0, "right": 23.0}.get(pos, 16.0) + rng.uniform(-1.2, 1.2)
        cy = {"top": 9.0, "bottom": 23.0}.get(pos, 16.0) + rng.uniform(-1.2, 1.2)
    return cx, cy, r


def render_object_scene(colour, shape, background, position, rng):
    img = draw_background(background, rng)
    cx, cy, r = object_geometry(background, position, rng)
    return _paint(img, shape_mask(shape, cx, cy, r), COLOURS[colour])


def render_pure_scene(scene, rng):
    """Backgrounds alone; the sunset scenes get a sun."""
    return draw_background(scene, rng, sun=scene.startswith("sunset_"))


PURE_SCENE_CAPTIONS = {
    "hills": ["green hills", "green hills under a blue sky"],
    "sea": ["the sea", "the sea under a blue sky"],
    "sunset": ["a sunset sky"],
    "night": ["a night sky", "a night sky with stars"],
    "sunset_sea": ["a sunset over the sea"],
    "sunset_hills": ["a sunset over green hills"],
}


def to_uint8(img):
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def sample_caption_spec(rng):
    """Pick what one training sample shows. Returns a dict describing it."""
    u = rng.uniform()
    if u < 0.12:  # background or scene alone
        if rng.uniform() < 0.5:
            c = list(COLOURS)[rng.integers(len(COLOURS))]
            return {"kind": "plain", "background": c, "caption": f"a {c} background"}
        scene = list(PURE_SCENE_CAPTIONS)[rng.integers(len(PURE_SCENE_CAPTIONS))]
        caps = PURE_SCENE_CAPTIONS[scene]
        return {"kind": "scene", "background": scene, "caption": caps[rng.integers(len(caps))]}
    if u < 0.20:  # object with no background said: white
        while True:
            c = list(COLOURS)[rng.integers(len(COLOURS))]
            if contrasts(c, "white"):
                break
        s = SHAPES[rng.integers(len(SHAPES))]
        return {"kind": "object", "colour": c, "shape": s, "background": "white_default",
                "position": None, "caption": caption_for(c, s, "white_default", None)}
    c, s, b = TRAIN_TRIPLES[rng.integers(len(TRAIN_TRIPLES))]
    position = pick_position(b, rng)
    return {"kind": "object", "colour": c, "shape": s, "background": b, "position": position,
            "caption": caption_for(c, s, b, position)}


def pick_position(background, rng):
    if rng.uniform() < 0.4:
        return None
    allowed = ["left", "right", "top", "center"] if background in SKY_ONLY else POSITIONS
    return allowed[rng.integers(len(allowed))]


def render_spec(spec, rng):
    if spec["kind"] == "object":
        return render_object_scene(spec["colour"], spec["shape"], spec["background"],
                                   spec["position"], rng)
    if spec["kind"] == "plain":
        return draw_background(spec["background"], rng)
    return render_pure_scene(spec["background"], rng)


def training_sample(seed, index):
    """(uint8 image [32,32,3], caption) number `index` of the training stream of `seed`."""
    rng = np.random.default_rng([seed, index])
    spec = sample_caption_spec(rng)
    return to_uint8(render_spec(spec, rng)), spec["caption"]


def draw_caption_spec(spec, seed=0):
    """Ground-truth picture for any spec (also held-out ones); used by tests of evaluate.py."""
    return to_uint8(render_spec(spec, np.random.default_rng([seed, 987654321])))


# ----------------------------------------------------------------------------------------------
# Words
# ----------------------------------------------------------------------------------------------
_WORD = re.compile(r"\w+|[^\w\s]+")


def words_of(text):
    """Same split as the HuggingFace Lowercase normalizer + Whitespace pre-tokenizer."""
    return _WORD.findall(text.lower())


def vocabulary():
    """Every word any caption (training or held out) can use; ids 0 and 1 are [PAD] and [UNK]."""
    words = set()
    for c, s, b in all_triples():
        for p in [None] + POSITIONS:
            words.update(words_of(caption_for(c, s, b, p)))
    for caps in PURE_SCENE_CAPTIONS.values():
        for cap in caps:
            words.update(words_of(cap))
    for c in COLOURS:
        words.update(words_of(f"a {c} background"))
    return ["[PAD]", "[UNK]"] + sorted(words)


def build_dataset(seed, count):
    images = np.empty((count, SIZE, SIZE, 3), np.uint8)
    captions = []
    for i in range(count):
        images[i], cap = training_sample(seed, i)
        captions.append(cap)
    return images, captions


def save_dataset(path, images, captions, seed):
    np.savez_compressed(path, images=images, captions=np.array(captions), version=DATA_VERSION, seed=seed)


def load_dataset(path, seed, count):
    """(images, captions) of a saved dataset, or None when it was drawn by another version of this file, from
    another seed or with another count."""
    z = np.load(path)
    if "version" not in z or int(z["version"]) != DATA_VERSION or int(z["seed"]) != seed \
            or len(z["captions"]) != count:
        return None
    return z["images"], [str(c) for c in z["captions"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=120000)
    ap.add_argument("--out", default="dataset.npz")
    args = ap.parse_args()
    images, captions = build_dataset(args.seed, args.count)
    save_dataset(args.out, images, captions, args.seed)
    print(f"wrote {args.count} samples to {args.out}; {len(TRAIN_TRIPLES)} training triples, "
          f"{len(HELD_OUT)} held out; vocabulary {len(vocabulary())} words")


if __name__ == "__main__":
    main()
