#!/usr/bin/env python3
"""Writes the image fixtures that Java cannot craft itself (ImageIO has no CMYK JPEG writer).

    python3 -m pip install pillow numpy
    python3 shared/vision/src/test/python/make_test_images.py

cmyk.jpg: 40x20, left half pure red, right half pure blue, stored as Adobe CMYK.
"""
import pathlib

import numpy as np
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "images"

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    rgb = np.zeros((20, 40, 3), np.uint8)
    rgb[:, :20] = (255, 0, 0)
    rgb[:, 20:] = (0, 0, 255)
    Image.fromarray(rgb).convert("CMYK").save(OUT / "cmyk.jpg", quality=95)
    print(OUT / "cmyk.jpg")
