"""Reading COCO-style detection JSON (Fashionpedia, iMaterialist-Fashion) for detector training.

A COCO file holds ``images`` [{id, file_name}], ``annotations`` [{image_id, category_id,
bbox [x, y, w, h], iscrowd}] and ``categories`` [{id, name}]. Each category maps onto a catalog
category by its name, with the same ready maps as ``btl model import`` and ``btl eval``
(Fashionpedia's 46 names, DeepFashion2's 13, the catalog's own names); garment parts, ties,
umbrellas and the like map to none and their boxes are left out, as are crowd boxes.

``write_street2shop`` writes the boxes in street2shop's layout (``meta/json/<split>_pairs_*.json``
and ``images/%09d.<ext>`` links), which the pack builder and the trainers read unchanged::

    python -m btl_train.coco instances_train.json --images train/ --out data/fashionpedia
    python -m btl_train.train pack --data data/fashionpedia --out fp.npz

Every box becomes its own product (``image_id * 1000 + k``): a COCO file has no shop photos, so
it trains and measures the detector only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .data import CATEGORIES, TEST, TRAIN

FASHIONPEDIA = {
    "shirt, blouse": "tops", "top, t-shirt, sweatshirt": "tops", "sweater": "tops",
    "cardigan": "outerwear", "jacket": "outerwear", "vest": "tops", "pants": "pants",
    "shorts": "pants", "skirt": "skirts", "coat": "outerwear", "dress": "dresses",
    "jumpsuit": None, "cape": "outerwear", "glasses": "eyewear", "hat": "hats",
    "headband, head covering, hair accessory": None, "tie": None, "glove": None, "watch": None,
    "belt": "belts", "leg warmer": None, "tights, stockings": "leggings", "sock": None,
    "shoe": "footwear", "bag, wallet": "bags", "scarf": None, "umbrella": None, "hood": None,
    "collar": None, "lapel": None, "epaulette": None, "sleeve": None, "pocket": None,
    "neckline": None, "buckle": None, "zipper": None, "applique": None, "bead": None,
    "bow": None, "flower": None, "fringe": None, "ribbon": None, "rivet": None, "ruffle": None,
    "sequin": None, "tassel": None,
}
DEEPFASHION2 = {
    "short sleeve top": "tops", "long sleeve top": "tops", "short sleeve outwear": "outerwear",
    "long sleeve outwear": "outerwear", "vest": "tops", "sling": "tops", "shorts": "pants",
    "trousers": "pants", "skirt": "skirts", "short sleeve dress": "dresses",
    "long sleeve dress": "dresses", "vest dress": "dresses", "sling dress": "dresses",
    "short sleeved shirt": "tops", "long sleeved shirt": "tops",
    "short sleeved outwear": "outerwear", "long sleeved outwear": "outerwear",
    "short sleeved dress": "dresses", "long sleeved dress": "dresses",
}


def normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


_FP = {normalise(k): v for k, v in FASHIONPEDIA.items()}
_DF2 = {normalise(k): v for k, v in DEEPFASHION2.items()}


def category_of(name: str) -> str | None:
    """The catalog category of a class name, or None (a part, or no catalog category)."""
    n = normalise(name)
    if n in _DF2:
        return _DF2[n]
    if n in _FP:
        return _FP[n]
    for c in CATEGORIES:
        if n in (c, c[:-1]):
            return c
    return None


@dataclass
class Box:
    image: int
    category: int  # index into CATEGORIES
    box: tuple[float, float, float, float]  # left, top, width, height


@dataclass
class CocoDetections:
    images: dict[int, Path] = field(default_factory=dict)  # image id -> file on disk
    boxes: list[Box] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)


def read_coco(path: str | os.PathLike, images: str | os.PathLike | None = None) -> CocoDetections:
    """Reads a COCO detection file. ``images`` is the folder ``file_name`` is relative to
    (default: the file's folder, then ``images/`` beside it). Images that are not on disk, and
    their boxes, are skipped and counted."""
    path = Path(path)
    with open(path, encoding="utf-8") as f:
        root = json.load(f)
    for key in ("images", "annotations", "categories"):
        if not isinstance(root.get(key), list):
            raise ValueError(f"{path} is not a COCO detection file: it has no '{key}' array")
    dirs = [Path(images)] if images else [path.parent, path.parent / "images"]
    out = CocoDetections()

    def skip(reason):
        out.skipped[reason] = out.skipped.get(reason, 0) + 1

    for img in root["images"]:
        found = next((d / img["file_name"] for d in dirs if (d / img["file_name"]).is_file()),
                     None)
        if found is None:
            skip("image missing")
        else:
            out.images[int(img["id"])] = found
    cats = {int(c["id"]): category_of(c["name"]) for c in root["categories"]}
    for a in root["annotations"]:
        cid = int(a["category_id"])
        if cid not in cats:
            raise ValueError(f"{path}: annotation {a.get('id')} has category_id {cid}, which "
                             "'categories' does not list")
        if int(a["image_id"]) not in out.images:
            skip("box of a missing image")
        elif a.get("iscrowd", 0) == 1:
            skip("crowd box")
        elif cats[cid] is None:
            skip("box of a category with no catalog category")
        else:
            x, y, w, h = (float(v) for v in a["bbox"])
            out.boxes.append(Box(int(a["image_id"]), CATEGORIES.index(cats[cid]), (x, y, w, h)))
    return out


def write_street2shop(coco: CocoDetections, out: str | os.PathLike, split: int = TRAIN,
                      copy: bool = False) -> int:
    """Writes the boxes as ``split``'s pairs in street2shop's layout under ``out`` (images
    linked, or copied with ``copy``); returns the number of boxes written."""
    out = Path(out)
    meta = out / "meta" / "json"
    meta.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    name = "test" if split == TEST else "train"
    rows: dict[str, list] = {c: [] for c in CATEGORIES}
    per_image: dict[int, int] = {}
    for b in coco.boxes:
        k = per_image[b.image] = per_image.get(b.image, 0) + 1
        left, top, w, h = b.box
        rows[CATEGORIES[b.category]].append({"photo": b.image, "product": b.image * 1000 + k,
                                             "bbox": {"left": left, "top": top, "width": w,
                                                      "height": h}})
    for c, r in rows.items():
        (meta / f"{name}_pairs_{c}.json").write_text(json.dumps(r))
    for image in per_image:
        src = coco.images[image]
        dst = out / "images" / f"{image:09d}{src.suffix.lower()}"
        if dst.exists() or dst.is_symlink():
            dst.unlink()
        if copy:
            dst.write_bytes(src.read_bytes())
        else:
            dst.symlink_to(src.resolve())
    return len(coco.boxes)


def main(argv=None):
    p = argparse.ArgumentParser(prog="btl_train.coco", description="Writes a COCO detection"
                                " file's boxes in street2shop's layout for detector training.")
    p.add_argument("file", help="the COCO JSON file")
    p.add_argument("--images", help="folder file_name is relative to (default: beside the file)")
    p.add_argument("--out", required=True, help="data set folder to write")
    p.add_argument("--split", choices=["train", "test"], default="train")
    p.add_argument("--copy", action="store_true", help="copy images instead of linking them")
    a = p.parse_args(argv)
    coco = read_coco(a.file, a.images)
    n = write_street2shop(coco, a.out, TEST if a.split == "test" else TRAIN, a.copy)
    print(f"{a.file}: {n} boxes of {len(coco.images)} images written to {a.out}"
          f" ({a.split} split); skipped: {coco.skipped or 'none'}")


if __name__ == "__main__":
    main()
