"""Python reference for infra/bench/models.sh: the same models and the same inputs as
ModelsBench, through ONNX Runtime's Python API, with the same pre- and post-processing
(letterbox or stretch per the manifest, normalisation, YOLO decoding, class-wise NMS;
JPEG decoding excluded). An optional fifth argument sets the intra-op threads (inter-op 1),
as ModelsBench's threads argument does; 0 or none keeps ONNX Runtime's default. Prints
name=value medians."""
import json
import os
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image

det_dir, emb_dir, work = sys.argv[1], sys.argv[2], sys.argv[3]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 0


def load(d):
    m = json.load(open(os.path.join(d, "model.json")))
    o = ort.SessionOptions()
    if threads > 0:
        o.intra_op_num_threads = threads
        o.inter_op_num_threads = 1
    s = ort.InferenceSession(os.path.join(d, m["file"]), o, providers=["CPUExecutionProvider"])
    return m, s


def resize(img, w, h):
    # area averaging when shrinking, bilinear when enlarging: what the Java runner does
    shrink = w < img.width or h < img.height
    return img.resize((w, h), Image.BOX if shrink else Image.BILINEAR)


def to_tensor(imgs, m):
    inp = m["input"]
    x = np.stack([np.asarray(i, dtype=np.float32) for i in imgs]) / inp["scale"]
    x = (x - np.array(inp["mean"], np.float32)) / np.array(inp["std"], np.float32)
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


def letterbox(img, m):
    W, H = m["input"]["width"], m["input"]["height"]
    r = min(W / img.width, H / img.height)
    w, h = max(1, round(img.width * r)), max(1, round(img.height * r))
    canvas = Image.new("RGB", (W, H), (m["input"]["padValue"],) * 3)
    dx, dy = (W - w) // 2, (H - h) // 2
    canvas.paste(resize(img, w, h), (dx, dy))
    return canvas, r, dx, dy


def nms(boxes, scores, iou=0.5):
    order = np.argsort(-scores)
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        xx0 = np.maximum(boxes[i, 0], boxes[order[1:], 0])
        yy0 = np.maximum(boxes[i, 1], boxes[order[1:], 1])
        xx1 = np.minimum(boxes[i, 2], boxes[order[1:], 2])
        yy1 = np.minimum(boxes[i, 3], boxes[order[1:], 3])
        inter = np.clip(xx1 - xx0, 0, None) * np.clip(yy1 - yy0, 0, None)
        area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
        o = inter / (area(boxes[i]) + area(boxes[order[1:]]) - inter + 1e-9)
        order = order[1:][o <= iou]
    return keep


def detect(img, m, s):
    lb, r, dx, dy = letterbox(img, m)
    out = s.run(None, {m["input"]["name"]: to_tensor([lb], m)})[0][0]  # [4+C, A]
    scores = out[4:].max(0)
    cls = out[4:].argmax(0)
    sel = scores >= 0.05
    cx, cy, w, h = out[0, sel], out[1, sel], out[2, sel], out[3, sel]
    boxes = np.stack([(cx - w / 2 - dx) / r, (cy - h / 2 - dy) / r,
                      (cx + w / 2 - dx) / r, (cy + h / 2 - dy) / r], 1)
    sc, cl = scores[sel], cls[sel]
    kept = []
    for c in np.unique(cl):
        idx = np.where(cl == c)[0]
        kept.extend(idx[nms(boxes[idx], sc[idx])])
    kept = sorted(kept, key=lambda i: -sc[i])[:100]
    return boxes[kept], sc[kept], cl[kept]


def embed(crops, m, s):
    x = to_tensor([resize(c, m["input"]["width"], m["input"]["height"]) for c in crops], m)
    v = s.run(None, {m["input"]["name"]: x})[0]
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


dm, ds = load(det_dir)
em, es = load(emb_dir)
photos, crops = [], []
cache = {}
for line in open(os.path.join(work, "inputs.txt")):
    parts = line.split()
    path = parts[1]
    if path not in cache:
        cache[path] = Image.open(path).convert("RGB")
        cache[path].load()
    if parts[0] == "photo":
        photos.append(cache[path])
    else:
        l, t, w, h = (int(float(p)) for p in parts[2:6])
        crops.append(cache[path].crop((l, t, l + max(1, w), t + max(1, h))))

for p in photos[:5]:
    detect(p, dm, ds)
    embed(crops[:8], em, es)
det_ms = []
for _ in range(repeats):
    for p in photos:
        t0 = time.perf_counter()
        detect(p, dm, ds)
        det_ms.append((time.perf_counter() - t0) * 1e3)
emb_ms = []
batches = len(crops) // 8
for _ in range(repeats):
    for b in range(batches):
        t0 = time.perf_counter()
        embed(crops[b * 8:b * 8 + 8], em, es)
        emb_ms.append((time.perf_counter() - t0) * 1e3 / 8)
print(f"onnxruntime={ort.__version__} threads={threads or 'default'}")
print(f"py_detector_ms={np.median(det_ms):.2f}")
print(f"py_embedder_ms_per_crop={np.median(emb_ms):.3f}")
