"""Collects real photographs to compose synthetic street scenes over, and splits them by file.

    python -m btl_train.backgrounds collect --out DIR [--no-install] [--holdout 0.3]

Sources (nothing is downloaded from elsewhere, nothing is committed):
- Debian's wallpaper packages plasma-workspace-wallpapers, mate-backgrounds, ukui-wallpapers,
  gnome-backgrounds and lomiri-wallpapers (installed with apt-get when missing and run as root);
- scikit-image's sample photographs (its wheel comes from the pip mirror).

Many wallpapers are drawings: a photograph is kept when its colours are many and its pixels
are rarely flat (see ``photo_score``), and a short list names the few pictures that pass the
test but are not photographs, or show a person (a real person would be an unlabelled wearer
of real clothes). Each kept photograph is written once, at most 1024 px on its longer side, as
``DIR/train/<name>.jpg`` or ``DIR/holdout/<name>.jpg``. The split is a hash of the name, so it
is the same on every machine and a file never moves between the two; ``DIR/manifest.json``
lists every file with its source, size and score, and every rejected file with the reason.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

PACKAGES = [
    "plasma-workspace-wallpapers",
    "mate-backgrounds",
    "ukui-wallpapers",
    "gnome-backgrounds",
    "lomiri-wallpapers",
]
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# scikit-image samples that are colour or grey photographs of things other than people
SKIMAGE_PHOTOS = [
    "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png", "brick.png", "grass.png",
    "gravel.png", "moon.png", "coins.png", "hubble_deep_field.jpg",
]
# The score decides first; these lists, checked by eye on contact sheets of every candidate
# (2026-12-07, the package versions of Debian 12), correct it both ways: renders and drawings
# that look photographic to it, and dim or smooth photographs (fog, sky, dusk) that do not.
NOT_PHOTOS = {
    "ukui-fluent-color", "ukui-focal-ubuntukylin", "ukui-rhythm", "ukui-string",
    "ukui-firstgeneration", "ukui-2004default", "mate-Elephants", "gnome-pixels-l",
    "gnome-pixels-d", "gnome-grid-d", "gnome-licorice-d", "gnome-licorice-l", "gnome-truchet-l",
    "plasma-Autumn", "plasma-Honeywave", "plasma-Kay", "plasma-SafeLanding", "plasma-Shell",
}
PHOTOS = {
    "mate-Blinds", "mate-Storm", "mate-Wood", "mate-YellowFlower", "plasma-ColdRipple",
    "plasma-DarkestHour", "plasma-Grey", "plasma-Kite", "plasma-summer_1am", "plasma-Volna",
}
MAX_SIDE = 1024
MIN_SCORE = 0.5


def photo_score(img: Image.Image) -> tuple[float, dict]:
    """1.0 for a typical photograph, near 0 for flat-shaded drawings and gradients.

    Photographs have sensor noise and texture almost everywhere: few pixels equal their
    right-hand neighbour exactly, and a 256-px thumbnail holds thousands of distinct colours.
    """
    small = img.convert("RGB")
    small.thumbnail((256, 256))
    a = np.asarray(small).astype(np.int16)
    flat = float((np.abs(np.diff(a, axis=1)).sum(axis=2) == 0).mean())
    colours = len(np.unique(a.reshape(-1, 3) // 4, axis=0))
    grad = float(np.abs(np.diff(a.mean(axis=2), axis=1)).mean())
    score = min(1.0, colours / 3000) * (1.0 - min(1.0, flat / 0.35)) * min(1.0, grad / 3.0)
    return score, {"flat": round(flat, 3), "colours": colours, "grad": round(grad, 2)}


def is_holdout(name: str, share: float) -> bool:
    h = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return h < share


def install(packages: list[str]) -> None:
    missing = [p for p in packages
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        sys.exit(f"backgrounds: install the Debian packages {' '.join(missing)} "
                 "(apt-get install, as root), then run this again")
    print(f"backgrounds: apt-get install {' '.join(missing)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def package_candidates(package: str) -> dict[str, Path]:
    """One file per picture: the largest real image of each wallpaper (Plasma ships one
    picture in many sizes, some of them links to a placeholder)."""
    out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True)
    best: dict[str, Path] = {}
    short = package.split("-")[0]
    for line in out.stdout.splitlines():
        p = Path(line)
        if p.suffix.lower() not in EXTENSIONS or "screenshot" in p.name or not p.is_file():
            continue
        if p.stat().st_size < 20_000:
            continue
        if "/contents/images" in line:  # Plasma: wallpapers/<Name>/contents/images/<size>
            key = p.parts[p.parts.index("contents") - 1]
        else:
            key = p.stem.split("_")[0]
        key = f"{short}-{key}"
        if key not in best or p.stat().st_size > best[key].stat().st_size:
            best[key] = p
    return best


def skimage_candidates() -> dict[str, Path]:
    try:
        import skimage
    except ImportError:
        print("backgrounds: scikit-image is not installed; its sample photos are left out "
              "(pip install --retries 0 --timeout 3 scikit-image)", flush=True)
        return {}
    data = Path(skimage.__file__).parent / "data"
    return {f"skimage-{Path(n).stem}": data / n for n in SKIMAGE_PHOTOS if (data / n).is_file()}


def collect(out: Path, holdout: float, do_install: bool) -> dict:
    if do_install:
        install(PACKAGES)
    candidates: dict[str, tuple[str, Path]] = {}
    for package in PACKAGES:
        for name, path in package_candidates(package).items():
            candidates[name] = (package, path)
    for name, path in skimage_candidates().items():
        candidates[name] = ("scikit-image", path)
    for split in ("train", "holdout"):
        (out / split).mkdir(parents=True, exist_ok=True)
    kept, rejected = [], []
    for i, name in enumerate(sorted(candidates)):
        source, path = candidates[name]
        try:
            with Image.open(path) as im:
                im.load()
                img = im.convert("RGB")
        except Exception as e:  # an unreadable file is reported, not fatal
            rejected.append({"name": name, "file": str(path), "reason": f"unreadable: {e}"})
            continue
        score, stats = photo_score(img)
        forced_photo = source == "scikit-image" or name in PHOTOS
        if name in NOT_PHOTOS or (not forced_photo and score < MIN_SCORE):
            reason = "listed as not a photo" if name in NOT_PHOTOS else "drawing (score)"
            rejected.append({"name": name, "file": str(path), "score": round(score, 3),
                             "reason": reason, **stats})
            continue
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.LANCZOS)
        split = "holdout" if is_holdout(name, holdout) else "train"
        img.save(out / split / f"{name}.jpg", quality=92)
        kept.append({"name": name, "split": split, "source": source, "file": str(path),
                     "width": img.width, "height": img.height, "score": round(score, 3), **stats})
        print(f"backgrounds: {i + 1}/{len(candidates)} {name} → {split}", flush=True)
    manifest = {"kept": kept, "rejected": rejected, "holdout_share": holdout}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    n_train = sum(k["split"] == "train" for k in kept)
    print(f"backgrounds: {len(kept)} photographs ({n_train} train, {len(kept) - n_train} holdout),"
          f" {len(rejected)} rejected; list in {out / 'manifest.json'}", flush=True)
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m btl_train.backgrounds",
                                 description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect", help="install the packages, keep the photographs, split them")
    c.add_argument("--out", type=Path, default=Path("/tmp/btl-backgrounds"))
    c.add_argument("--holdout", type=float, default=0.3, help="share held out (default 0.3)")
    c.add_argument("--no-install", action="store_true", help="use only what is installed")
    args = ap.parse_args(argv)
    collect(args.out, args.holdout, not args.no_install)


if __name__ == "__main__":
    main()
