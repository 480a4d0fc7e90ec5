"""A tiny stand-in for ``btl generate``, for tests: writes a folder in street2shop's layout with
patterned rectangles as products (shop photos on a light background; street photos with a few
of them pasted on clutter). It only has to be learnable, not realistic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from .data import CATEGORIES


def _pattern(rng: np.random.Generator, h: int, w: int, spec) -> np.ndarray:
    kind, c1, c2, period = spec
    yy, xx = np.mgrid[0:h, 0:w]
    if kind == 0:
        m = np.zeros((h, w), bool)
    elif kind == 1:
        m = (xx // period) % 2 == 0
    elif kind == 2:
        m = ((xx // period) + (yy // period)) % 2 == 0
    else:
        m = ((xx % (2 * period)) < period) & ((yy % (2 * period)) < period)
    img = np.where(m[..., None], np.array(c1, np.uint8), np.array(c2, np.uint8))
    return img.astype(np.uint8)


def write_fake_dataset(out, products_per_category: int = 4, street_photos: int = 24,
                       categories=CATEGORIES, shop_size: int = 64, street_size=(96, 128),
                       seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    out = Path(out)
    (out / "meta" / "json").mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(parents=True, exist_ok=True)
    next_id = [1]

    def new_id():
        next_id[0] += 1
        return next_id[0]

    products = []  # (product id, category index, spec, split)
    retrieval = {c: [] for c in categories}
    for c in categories:
        ci = CATEGORIES.index(c)
        for k in range(products_per_category):
            pid = 10_000 + len(products)
            spec = (int(rng.integers(0, 4)), tuple(int(v) for v in rng.integers(0, 256, 3)),
                    tuple(int(v) for v in rng.integers(0, 256, 3)), int(rng.integers(2, 6)))
            split = 1 if k == products_per_category - 1 else 0
            products.append((pid, ci, spec, split))
            for _ in range(2):
                sid = new_id()
                img = np.full((shop_size, shop_size, 3), 235, np.uint8)
                m = shop_size // 8
                img[m:-m, m:-m] = _pattern(rng, shop_size - 2 * m, shop_size - 2 * m, spec)
                Image.fromarray(img).save(out / "images" / f"{sid:09d}.jpg", quality=92)
                retrieval[c].append({"product": pid, "photo": sid})
    pairs = {(s, c): [] for s in ("train", "test") for c in categories}
    sw, sh = street_size
    for _ in range(street_photos):
        pid_photo = new_id()
        img = rng.integers(0, 255, (sh, sw, 3)).astype(np.uint8) // 2 + 60
        for _ in range(int(rng.integers(1, 4))):
            pid, ci, spec, split = products[int(rng.integers(len(products)))]
            w, h = int(rng.integers(sw // 5, sw // 2)), int(rng.integers(sh // 6, sh // 2))
            x, y = int(rng.integers(0, sw - w)), int(rng.integers(0, sh - h))
            img[y : y + h, x : x + w] = _pattern(rng, h, w, spec)
            cat = CATEGORIES[ci]
            pairs[("test" if split else "train", cat)].append({
                "photo": pid_photo, "product": pid,
                "bbox": {"left": x, "top": y, "width": w, "height": h},
                "segmentation": [[x, y, x + w, y, x + w, y + h, x, y + h]],
            })
        Image.fromarray(img).save(out / "images" / f"{pid_photo:09d}.jpg", quality=92)
    for (s, c), rows in pairs.items():
        (out / "meta" / "json" / f"{s}_pairs_{c}.json").write_text(json.dumps(rows))
    for c, rows in retrieval.items():
        (out / "meta" / "json" / f"retrieval_{c}.json").write_text(json.dumps(rows))
    return out
