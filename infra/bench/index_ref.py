"""Python reference for infra/bench/index.sh: the catalog index build's work — read
products.jsonl, decode every product image on a pool of workers, resize to the embedder's
input, run ONNX Runtime in batches — with the same embedder and the same images as
`btl index`. Prints name=value figures."""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import onnxruntime as ort
from PIL import Image

catalog, emb_dir = sys.argv[1], sys.argv[2]
workers = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count()
batch = int(sys.argv[4]) if len(sys.argv) > 4 else 32

m = json.load(open(os.path.join(emb_dir, "model.json")))
sess = ort.InferenceSession(os.path.join(emb_dir, m["file"]), providers=["CPUExecutionProvider"])
W, H = m["input"]["width"], m["input"]["height"]
mean = np.array(m["input"]["mean"], np.float32)
std = np.array(m["input"]["std"], np.float32)

t0 = time.perf_counter()
products = [json.loads(l) for l in open(os.path.join(catalog, "catalog/products.jsonl")) if l.strip()]
decode_s = 0.0


def load(p):
    t = time.perf_counter()
    img = Image.open(os.path.join(catalog, p["image"])).convert("RGB")
    shrink = W < img.width or H < img.height
    img = img.resize((W, H), Image.BOX if shrink else Image.BILINEAR)
    x = (np.asarray(img, np.float32) / m["input"]["scale"] - mean) / std
    return x.transpose(2, 0, 1), time.perf_counter() - t


infer_s = 0.0
n = 0
with ThreadPoolExecutor(workers) as pool:
    for start in range(0, len(products), batch):
        items = list(pool.map(load, products[start:start + batch]))
        decode_s += sum(d for _, d in items)
        x = np.ascontiguousarray(np.stack([a for a, _ in items]))
        t = time.perf_counter()
        v = sess.run(None, {m["input"]["name"]: x})[0]
        infer_s += time.perf_counter() - t
        n += len(v)
total = time.perf_counter() - t0
print(f"py_images={n}")
print(f"py_seconds={total:.2f}")
print(f"py_images_per_s={n / total:.1f}")
print(f"py_decode_s={decode_s:.2f}")
print(f"py_inference_s={infer_s:.2f}")
