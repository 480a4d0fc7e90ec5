"""Reading a data set in street2shop's layout and packing it for training.

Layout (what ``btl generate`` writes, and the real street2shop archive)::

    meta/json/train_pairs_<category>.json  [{"photo", "product", "bbox": {left, top, width, height}}, ...]
    meta/json/test_pairs_<category>.json   same
    meta/json/retrieval_<category>.json    [{"product", "photo"}, ...]  shop photos of each product
    images/%09d.jpg                        the photo (jpg, jpeg, png or webp)

A *pack* is the whole data set decoded-once-ready in a few numpy arrays (JPEG bytes plus
tables), small enough to upload to a GPU machine and fast to load into memory:

* street photos: JPEG bytes (original or re-encoded), their sizes;
* items: one row per (street photo, product) pair: photo index, category, product, box, split;
* shop photos: JPEG bytes (resized to ``shop_size`` square), product, category.

Splits follow the files: an item is ``test`` when it comes from a ``test_pairs`` file. A street
photo is a *test photo* for the detector when any of its items is a test item; the detector
trains on the other photos, with every item of the photo as ground truth.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

CATEGORIES = [
    "bags",
    "belts",
    "dresses",
    "eyewear",
    "footwear",
    "hats",
    "leggings",
    "outerwear",
    "pants",
    "skirts",
    "tops",
]
CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
TRAIN, TEST = 0, 1
IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


def image_path(root: Path, photo_id: int) -> Path | None:
    """The image file of a photo id, or None when none of the known extensions exists."""
    stem = f"{int(photo_id):09d}"
    for ext in IMAGE_EXTENSIONS:
        p = root / "images" / f"{stem}.{ext}"
        if p.is_file():
            return p
    return None


def load_rgb(path: Path) -> Image.Image:
    with Image.open(path) as im:
        return im.convert("RGB")


@dataclass
class Item:
    photo: int  # street photo id
    product: int
    category: int  # index into CATEGORIES
    box: tuple[float, float, float, float]  # left, top, width, height in photo pixels
    split: int  # TRAIN or TEST


@dataclass
class Dataset:
    root: Path
    items: list[Item] = field(default_factory=list)
    # product id -> list of shop photo ids, and product id -> category index
    shop: dict[int, list[int]] = field(default_factory=dict)
    product_category: dict[int, int] = field(default_factory=dict)
    missing_images: int = 0


def _read_json(path: Path):
    if not path.is_file():
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_dataset(root: str | os.PathLike, check_images: bool = True) -> Dataset:
    """Reads the street2shop files under ``root``. Rows whose image is missing are skipped and
    counted (a partial download stays usable); absent category files count as empty."""
    root = Path(root)
    meta = root / "meta" / "json"
    if not meta.is_dir():
        raise FileNotFoundError(
            f"no street2shop data set at {root}: expected {meta} (create one with "
            f"'btl generate --out {root}')"
        )
    ds = Dataset(root=root)
    have: dict[int, bool] = {}

    def exists(pid: int) -> bool:
        if not check_images:
            return True
        if pid not in have:
            have[pid] = image_path(root, pid) is not None
        return have[pid]

    seen = set()
    for split, name in ((TRAIN, "train"), (TEST, "test")):
        for ci, cat in enumerate(CATEGORIES):
            for row in _read_json(meta / f"{name}_pairs_{cat}.json"):
                photo, product = int(row["photo"]), int(row["product"])
                b = row["bbox"]
                box = (float(b["left"]), float(b["top"]), float(b["width"]), float(b["height"]))
                key = (photo, product, ci, box)
                if key in seen:
                    continue
                seen.add(key)
                if not exists(photo):
                    ds.missing_images += 1
                    continue
                if box[2] <= 1 or box[3] <= 1:
                    continue
                ds.items.append(Item(photo, product, ci, box, split))
                ds.product_category[product] = ci
    for ci, cat in enumerate(CATEGORIES):
        for row in _read_json(meta / f"retrieval_{cat}.json"):
            product, photo = int(row["product"]), int(row["photo"])
            if not exists(photo):
                ds.missing_images += 1
                continue
            lst = ds.shop.setdefault(product, [])
            if photo not in lst:
                lst.append(photo)
            ds.product_category.setdefault(product, ci)
    return ds


# --------------------------------------------------------------------------------------------
# Packs


def _encode(im: Image.Image, quality: int, fmt: str = "jpeg") -> bytes:
    buf = io.BytesIO()
    if fmt == "webp":
        im.save(buf, format="WEBP", quality=quality, method=4)
    else:
        im.save(buf, format="JPEG", quality=quality, subsampling=0 if quality >= 95 else 2)
    return buf.getvalue()


def read_twin_groups(root: Path) -> dict[int, int]:
    """Product → group of products that differ only in colour shade, from the synthetic
    catalog (catalog/products.jsonl: same category, brand and title). Such twins are not used as
    negatives of each other: street lighting casts shift colours as much as the shades differ,
    and the test gallery has no twins (see ProductFamily in the generator). Empty when the file
    is absent (real street2shop): every product is its own group."""
    path = root / "catalog" / "products.jsonl"
    if not path.is_file():
        return {}
    keys: dict[tuple, int] = {}
    groups = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            p = json.loads(line)
            try:
                pid = int(p["productId"])
            except (KeyError, ValueError):
                continue
            key = (p.get("category"), p.get("brand"), p.get("title"))
            groups[pid] = keys.setdefault(key, len(keys))
    return groups


def _concat(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(b) for b in blobs])
    data = np.frombuffer(b"".join(blobs), dtype=np.uint8).copy() if blobs else np.zeros(0, np.uint8)
    return data, offsets


# Product and shop photo ids of the k-th data set of a merged pack are offset by k × this, so
# that the draws of different seeds (each numbering its products from 1) never share an id.
ID_STRIDE = 1_000_000_000


def build_pack(
    root: str | os.PathLike | list,
    out: str | os.PathLike,
    shop_size: int = 160,
    street_quality: int = 0,
    shop_quality: int = 92,
    street_max_side: int = 0,
    image_format: str = "jpeg",
) -> dict:
    """Writes ``out`` (an .npz) from the data set at ``root``; returns a summary dict.

    ``street_quality`` 0 keeps the original street JPEG bytes when the file is a JPEG and no
    resize is asked; otherwise images are re-encoded at that quality (default 90).
    ``street_max_side`` > 0 shrinks street photos so the longer side is at most that (boxes are
    scaled accordingly). ``image_format`` "webp" re-encodes street and shop photos as WebP (about
    30 % smaller than JPEG at the same quality: for uploading a pack).

    ``root`` may be a list of data set folders (e.g. draws of several generator seeds): they are
    packed as one, the ids of the k-th offset by k × ``ID_STRIDE``.
    """
    roots = list(root) if isinstance(root, (list, tuple)) else [root]
    parts = [_pack_arrays(r, shop_size, street_quality, shop_quality, street_max_side,
                          image_format) for r in roots]
    arrays, info = _merge(parts)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **arrays)
    return dict(info, data_sets=[str(r) for r in roots], bytes=out.stat().st_size)


def _merge(parts: list[tuple[dict, dict]]) -> tuple[dict, dict]:
    if len(parts) == 1:
        return parts[0]
    street_blobs, shop_blobs, items, ids, sizes, shop_rows, groups = [], [], [], [], [], [], []
    n_photos, n_groups = 0, 0
    info = {"street_photos": 0, "items": 0, "shop_photos": 0, "street_mb": 0.0, "shop_mb": 0.0,
            "missing_images": 0, "twin_groups": 0}
    for k, (a, i) in enumerate(parts):
        off = k * ID_STRIDE
        so, ho = a["street_offsets"], a["shop_offsets"]
        street_blobs += [a["street_data"][so[j]:so[j + 1]].tobytes() for j in range(len(so) - 1)]
        shop_blobs += [a["shop_data"][ho[j]:ho[j + 1]].tobytes() for j in range(len(ho) - 1)]
        it = a["items"].copy()
        it[:, 0] += n_photos
        it[:, 2] += off
        items.append(it)
        ids.append(a["street_ids"] + off)
        sizes.append(a["street_sizes"])
        sr = a["shop_rows"].copy()
        sr[:, 0] += off
        sr[:, 1] += off
        shop_rows.append(sr)
        g = a["product_groups"].copy()
        g[:, 0] += off
        g[:, 1] += n_groups
        groups.append(g)
        n_photos += len(so) - 1
        n_groups = int(g[:, 1].max()) + 1 if len(g) else n_groups
        for key in info:
            info[key] += i.get(key, 0)
    sd, so = _concat(street_blobs)
    hd, ho = _concat(shop_blobs)
    arrays = dict(street_data=sd, street_offsets=so, street_ids=np.concatenate(ids),
                  street_sizes=np.concatenate(sizes), items=np.concatenate(items), shop_data=hd,
                  shop_offsets=ho, shop_rows=np.concatenate(shop_rows),
                  product_groups=np.concatenate(groups), categories=parts[0][0]["categories"])
    return arrays, info


def _pack_arrays(root, shop_size, street_quality, shop_quality, street_max_side,
                 image_format) -> tuple[dict, dict]:
    ds = read_dataset(root)
    photos = sorted({it.photo for it in ds.items})
    photo_index = {p: i for i, p in enumerate(photos)}
    street_blobs, sizes, scales = [], [], []
    for p in photos:
        path = image_path(ds.root, p)
        raw = path.read_bytes()
        with Image.open(io.BytesIO(raw)) as im:
            w, h = im.size
            fmt = im.format
            s = 1.0
            if street_max_side and max(w, h) > street_max_side:
                s = street_max_side / max(w, h)
            if s == 1.0 and street_quality == 0 and fmt == "JPEG" and image_format == "jpeg":
                blob = raw
            else:
                rgb = im.convert("RGB")
                if s != 1.0:
                    rgb = rgb.resize((round(w * s), round(h * s)), Image.BILINEAR)
                blob = _encode(rgb, street_quality or 90, image_format)
            street_blobs.append(blob)
            sizes.append((round(w * s), round(h * s)))
            scales.append(s)
    items = np.zeros((len(ds.items), 8), dtype=np.float64)
    for i, it in enumerate(ds.items):
        pi = photo_index[it.photo]
        s = scales[pi]
        l, t, w, h = it.box
        items[i] = (pi, it.category, it.product, l * s, t * s, w * s, h * s, it.split)
    # shop photos of every product that has a category
    shop_rows, shop_blobs = [], []
    for product in sorted(ds.shop):
        ci = ds.product_category[product]
        for sp in ds.shop[product]:
            im = load_rgb(image_path(ds.root, sp))
            if im.size != (shop_size, shop_size):
                im = im.resize((shop_size, shop_size), Image.BILINEAR)
            shop_blobs.append(_encode(im, shop_quality, image_format))
            shop_rows.append((sp, product, ci))
    twins = read_twin_groups(ds.root)
    products = sorted(ds.product_category)
    base = max(twins.values(), default=-1) + 1
    groups = np.array([(p, twins.get(p, base + i)) for i, p in enumerate(products)],
                      dtype=np.int64).reshape(-1, 2)
    sd, so = _concat(street_blobs)
    hd, ho = _concat(shop_blobs)
    arrays = dict(
        street_data=sd,
        street_offsets=so,
        street_ids=np.array(photos, dtype=np.int64),
        street_sizes=np.array(sizes, dtype=np.int64).reshape(-1, 2),
        items=items,
        shop_data=hd,
        shop_offsets=ho,
        shop_rows=np.array(shop_rows, dtype=np.int64).reshape(-1, 3),
        product_groups=groups,
        categories=np.array(CATEGORIES),
    )
    return arrays, dict(
        street_photos=len(photos),
        items=len(ds.items),
        shop_photos=len(shop_rows),
        street_mb=sd.nbytes / 1e6,
        shop_mb=hd.nbytes / 1e6,
        missing_images=ds.missing_images,
        twin_groups=len(set(groups[:, 1].tolist())),
    )


def _decode(data: np.ndarray, offsets: np.ndarray, i: int) -> np.ndarray:
    blob = data[offsets[i] : offsets[i + 1]].tobytes()
    with Image.open(io.BytesIO(blob)) as im:
        return np.asarray(im.convert("RGB"))


@dataclass
class Pack:
    """A pack decoded into memory: uint8 arrays ready to become tensors."""

    street: np.ndarray  # [S, Hmax, Wmax, 3] uint8, zero padded
    street_sizes: np.ndarray  # [S, 2] (w, h)
    street_ids: np.ndarray  # [S]
    items: np.ndarray  # [I, 8] (photo index, category, product, l, t, w, h, split)
    shop: np.ndarray  # [P, s, s, 3] uint8
    shop_rows: np.ndarray  # [P, 3] (shop photo id, product, category)
    product_groups: np.ndarray  # [n, 2] (product, twin group)

    def test_photo_mask(self) -> np.ndarray:
        """True for street photos holding at least one test item (the detector's test set)."""
        m = np.zeros(len(self.street), dtype=bool)
        t = self.items[self.items[:, 7] == TEST]
        m[t[:, 0].astype(np.int64)] = True
        return m

    def boxes_of(self, photo_index: int) -> tuple[np.ndarray, np.ndarray]:
        """Ground truth of one photo: boxes [n, 4] as x0, y0, x1, y1 and class indices [n]
        (items of both splits, duplicates of the same box and class merged)."""
        rows = self.items[self.items[:, 0] == photo_index]
        seen, boxes, labels = set(), [], []
        for r in rows:
            key = (int(r[1]), round(r[3], 1), round(r[4], 1), round(r[5], 1), round(r[6], 1))
            if key in seen:
                continue
            seen.add(key)
            boxes.append((r[3], r[4], r[3] + r[5], r[4] + r[6]))
            labels.append(int(r[1]))
        return np.array(boxes, dtype=np.float32).reshape(-1, 4), np.array(labels, dtype=np.int64)


def load_pack(path: str | os.PathLike, threads: int = 0) -> Pack:
    """Loads an .npz pack and decodes every image (in a thread pool: PIL releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    z = np.load(path)
    sd, so = z["street_data"], z["street_offsets"]
    hd, ho = z["shop_data"], z["shop_offsets"]
    sizes = z["street_sizes"]
    n_street, n_shop = len(so) - 1, len(ho) - 1
    threads = threads or min(16, os.cpu_count() or 1)
    hmax = int(sizes[:, 1].max()) if n_street else 1
    wmax = int(sizes[:, 0].max()) if n_street else 1
    street = np.zeros((n_street, hmax, wmax, 3), dtype=np.uint8)
    with ThreadPoolExecutor(threads) as ex:

        def put_street(i):
            a = _decode(sd, so, i)
            street[i, : a.shape[0], : a.shape[1]] = a

        list(ex.map(put_street, range(n_street)))
        shop_list = list(ex.map(lambda i: _decode(hd, ho, i), range(n_shop)))
    shop = np.stack(shop_list) if shop_list else np.zeros((0, 1, 1, 3), np.uint8)
    return Pack(
        street=street,
        street_sizes=sizes,
        street_ids=z["street_ids"],
        items=z["items"],
        shop=shop,
        shop_rows=z["shop_rows"],
        product_groups=z["product_groups"] if "product_groups" in z else np.zeros((0, 2), np.int64),
    )
