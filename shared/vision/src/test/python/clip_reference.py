"""Writes the CLIP-style preprocessing reference that PreprocessorClipTest compares Java with.

For each case: a deterministic RGB photo (PNG, lossless, so Java reads the same pixels), and the
input tensor CLIP's image processor makes of it: Pillow BICUBIC resize of the shorter side to
SIZE (the longer side int(SIZE * long / short)), centre crop SIZE x SIZE (floor of half the
excess off the top and left, as transformers' center_crop), then (x / 255 - mean) / std, CHW,
float32 little-endian.

Run from the repository root (needs pillow and numpy, infra/training/requirements.txt):
    python3 shared/vision/src/test/python/clip_reference.py
"""
import pathlib

import numpy as np
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "preprocess"
SIZE = 64
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float64)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float64)
CASES = {"shrink-landscape": (150, 100), "enlarge-portrait": (40, 57), "wide-odd": (301, 97)}


def photo(w, h, seed):
    """Smooth colour gradients with edges and noise: every filter tap matters."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 100 * np.sin(x / 7.0) * np.cos(y / 11.0)
    g = 255 * (x / w)
    b = np.where((x // 9 + y // 5) % 2 == 0, 220.0, 30.0)
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, (h, w, 3))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def clip_tensor(img):
    w, h = img.size
    if w <= h:
        nw, nh = SIZE, int(SIZE * h / w)
    else:
        nw, nh = int(SIZE * w / h), SIZE
    resized = np.asarray(img.resize((nw, nh), Image.BICUBIC), dtype=np.float64)
    top, left = (nh - SIZE) // 2, (nw - SIZE) // 2
    crop = resized[top:top + SIZE, left:left + SIZE]
    x = (crop / 255.0 - MEAN) / STD
    return x.transpose(2, 0, 1).astype("<f4")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (name, (w, h)) in enumerate(sorted(CASES.items())):
        img = Image.fromarray(photo(w, h, seed), "RGB")
        img.save(OUT / f"{name}.png")
        clip_tensor(img).tofile(OUT / f"{name}.clip{SIZE}.f32")
        print(name, w, h)


if __name__ == "__main__":
    main()
