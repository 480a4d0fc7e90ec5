"""Python-side evaluation of exported models (ONNX Runtime), read from a data set folder.

It feeds the networks the way the manifests say (a Python mirror of the Java runners: letterbox
or stretch, scale, mean/std, colour order) so it checks the manifests too, and reports:

* detection AP@0.5 and AP@[.5:.95] per category on the test photos (COCO-style, in original
  photo pixels; every item of a test photo is ground truth);
* street→shop retrieval top-1/10/15/20 on the test split with ground-truth boxes: query = the
  street crop, gallery = the test products' shop photos of the same category, cosine;
* the same with detected boxes (DeepFashion2's protocol): the query crop is the detected box of
  the item's class that overlaps the ground truth with IoU ≥ 0.5 and has the highest score; no
  such detection counts as a miss.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import torch

from . import ops
from .data import CATEGORIES, TEST, image_path, load_rgb, read_dataset
from .detector import average_precision
from .embedder import retrieval_topk


class OnnxModel:
    def __init__(self, folder):
        import onnxruntime as ort

        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "model.json").read_text(encoding="utf-8"))
        so = ort.SessionOptions()
        so.intra_op_num_threads = os.cpu_count() or 1
        self.session = ort.InferenceSession(str(self.folder / self.manifest["file"]), so,
                                            providers=["CPUExecutionProvider"])
        inp = self.manifest["input"]
        self.size = (inp["width"], inp["height"])
        self.input_name = inp["name"]
        self.output_names = self.manifest["output"]["names"]

    def to_input(self, hwc_u8_list) -> np.ndarray:
        """Already resized HWC uint8 RGB images → the network's input tensor."""
        inp = self.manifest["input"]
        x = np.stack(hwc_u8_list).astype(np.float32)
        if inp["colorOrder"] == "BGR":
            x = x[..., ::-1]
        x = x / float(inp["scale"])
        x = (x - np.array(inp["mean"], np.float32)) / np.array(inp["std"], np.float32)
        return np.ascontiguousarray(x.transpose(0, 3, 1, 2))

    def run(self, x: np.ndarray):
        return self.session.run(self.output_names, {self.input_name: x})


def embed_images(model: OnnxModel, ims, boxes=None, batch: int = 64) -> np.ndarray:
    """Stretch-resizes each image (or its box crop) as the manifest says and embeds them."""
    w, h = model.size
    out = []
    for i in range(0, len(ims), batch):
        arrs = []
        for j in range(i, min(len(ims), i + batch)):
            im = ims[j]
            if boxes is not None and boxes[j] is not None:
                x0, y0, x1, y1 = ops.crop_box_pixels(boxes[j], *im.size)
                im = im.crop((x0, y0, x1, y1))
            arrs.append(np.asarray(im.resize((w, h), ops.Image.BILINEAR)))
        out.append(model.run(model.to_input(arrs))[0])
    d = int(model.manifest.get("dimension", out[0].shape[1] if out else 128))
    e = np.concatenate(out) if out else np.zeros((0, d), np.float32)
    if not model.manifest["output"].get("normalized", False):
        e = e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)
    return e


def detect_images(model: OnnxModel, ims, conf=0.001, iou=0.6, max_det=100, batch=16):
    """Letterbox → network → NMS → boxes in original pixels; per image (boxes, scores, labels)."""
    size = model.size[0]
    res = []
    for i in range(0, len(ims), batch):
        chunk = ims[i : i + batch]
        arrs, params = [], []
        for im in chunk:
            a, s, left, top = ops.letterbox_pil(im, size)
            arrs.append(a)
            params.append((s, left, top))
        out = model.run(model.to_input(arrs))[0]
        for o, (s, left, top) in zip(out, params):
            b, sc, lab = ops.yolo_postprocess(torch.from_numpy(o), conf, iou, max_det)
            b = b.numpy().copy()
            b[:, [0, 2]] = (b[:, [0, 2]] - left) / s
            b[:, [1, 3]] = (b[:, [1, 3]] - top) / s
            res.append((b, sc.numpy(), lab.numpy()))
    return res


def evaluate_folder(data_dir, detector_dir=None, embedder_dirs=(), log=print) -> dict:
    """Evaluates the exported models on the test split of the data set at data_dir.
    embedder_dirs: (label, folder) pairs; retrieval with detected boxes uses the first."""
    t0 = time.time()
    ds = read_dataset(data_dir)
    test_items = [it for it in ds.items if it.split == TEST]
    photos = sorted({it.photo for it in test_items})
    cache = {}

    def img(pid):
        if pid not in cache:
            cache[pid] = load_rgb(image_path(ds.root, pid))
        return cache[pid]

    result = {"data": str(data_dir), "test_items": len(test_items), "test_photos": len(photos)}
    dets = None
    if detector_dir:
        det = OnnxModel(detector_dir)
        td = time.time()
        dets = detect_images(det, [img(p) for p in photos])
        by_photo = {}
        for it in ds.items:
            by_photo.setdefault(it.photo, set()).add((it.category, it.box))
        gts = []
        for p in photos:
            its = sorted(by_photo[p])
            b = np.array([(l, t, l + w, t + h) for _, (l, t, w, h) in its], np.float64).reshape(-1, 4)
            gts.append((b, np.array([c for c, _ in its], np.int64)))
        thrs = tuple(np.round(np.arange(0.5, 0.96, 0.05), 2))
        ap = average_precision(dets, gts, len(CATEGORIES), thrs)
        result["detection"] = {
            "ap50": float(np.mean(list(ap[0.5].values()))),
            "ap5095": float(np.mean([np.mean(list(ap[t].values())) for t in thrs])),
            "per_category_ap50": {CATEGORIES[c]: round(v, 4) for c, v in ap[0.5].items()},
            "seconds": round(time.time() - td, 1),
        }
        log(f"[eval] detection AP@0.5={result['detection']['ap50']:.4f} "
            f"AP@[.5:.95]={result['detection']['ap5095']:.4f} "
            f"per category {result['detection']['per_category_ap50']}")
    test_products = {it.product for it in test_items}
    gallery = [(sp, prod, ds.product_category[prod]) for prod in sorted(test_products)
               for sp in ds.shop.get(prod, [])]
    q_prod = np.array([it.product for it in test_items])
    q_cat = np.array([it.category for it in test_items])
    g_prod = np.array([g[1] for g in gallery])
    g_cat = np.array([g[2] for g in gallery])
    photo_index = {p: i for i, p in enumerate(photos)}
    result["retrieval"] = {}
    for n, (label, folder) in enumerate(embedder_dirs):
        emb = OnnxModel(folder)
        te = time.time()
        g = embed_images(emb, [img(sp) for sp, _, _ in gallery])
        q = embed_images(emb, [img(it.photo) for it in test_items],
                         [(l, t, l + w, t + h) for it in test_items
                          for (l, t, w, h) in [it.box]])
        ks = (1, 6, 10, 15, 20)
        gt_overall, gt_cat, _ = retrieval_topk(torch.from_numpy(q), q_prod, q_cat,
                                               torch.from_numpy(g), g_prod, g_cat, ks)
        rec = {"gt_boxes": {f"top{k}": round(v, 4) for k, v in gt_overall.items()},
               "gt_boxes_per_category_top1": {CATEGORIES[c]: round(v[1], 4)
                                              for c, v in gt_cat.items()}}
        if dets is not None and n == 0:
            boxes = []
            for it in test_items:
                b, s, lab = dets[photo_index[it.photo]]
                l, t, w, h = it.box
                gt = np.array([[l, t, l + w, t + h]])
                m = lab == it.category
                best = None
                if m.any():
                    ious = ops.box_iou(torch.from_numpy(b[m]).float(),
                                       torch.from_numpy(gt).float())[:, 0].numpy()
                    ok = np.nonzero(ious >= 0.5)[0]
                    if len(ok):
                        k = ok[np.argmax(s[m][ok])]
                        best = tuple(float(v) for v in b[m][k])
                boxes.append(best)
            found = np.array([b is not None for b in boxes])
            qd = embed_images(emb, [img(it.photo) for it in test_items],
                              [b if b is not None else (0, 0, 1, 1) for b in boxes])
            _, _, ranks = retrieval_topk(torch.from_numpy(qd), q_prod, q_cat,
                                         torch.from_numpy(g), g_prod, g_cat, ks)
            ranks[~found] = 10**9
            rec["detected_boxes"] = {f"top{k}": round(float((ranks < k).mean()), 4) for k in ks}
            rec["detected_boxes"]["found"] = round(float(found.mean()), 4)
        rec["seconds"] = round(time.time() - te, 1)
        result["retrieval"][label] = rec
        log(f"[eval] retrieval {label}: gt boxes {rec['gt_boxes']}"
            + (f"; detected boxes {rec['detected_boxes']}" if "detected_boxes" in rec else ""))
    result["seconds"] = round(time.time() - t0, 1)
    return result
