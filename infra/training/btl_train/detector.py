"""A small single-stage anchor-free detector (FCOS/GFL style) for the eleven categories.

* Input: letterboxed 320×320 RGB, x = pixel / 255 (pad 114), NCHW.
* Backbone: ResNet-ish basic blocks to stride 32 with an SPPF-style context block, a small FPN
  down to stride 8; heads on P3 (stride 8, 40×40) and P4 (stride 16, 20×20): A = 2000 points.
* Each point predicts 11 class scores (sigmoid, trained with the quality focal loss so that a
  score is also an estimate of the IoU) and distances to the four box sides (GIoU loss).
* Export: one output ``output0`` [N, 4 + 11, A] in the Ultralytics YOLOv8 layout (cx, cy, w, h
  in input pixels, then class scores in 0..1); NMS is left to the runner.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import ops
from .data import CATEGORIES, Pack
from .embedder import BasicBlock, BudgetFitter, Schedule, conv_bn

STRIDES = (8, 16)
# object size (longer side, input pixels) each level is responsible for; they overlap
LEVEL_RANGES = ((0.0, 96.0), (48.0, 1e6))
CENTER_RADIUS = 2.0  # positives lie within this many strides of the box centre


class SPPF(nn.Module):
    """YOLOv5's fast spatial pyramid pooling: repeated 5×5 max pools, concatenated."""

    def __init__(self, c: int):
        super().__init__()
        h = c // 2
        self.cv1 = conv_bn(c, h, 1)
        self.cv2 = conv_bn(4 * h, c, 1)

    def forward(self, x):
        x = self.cv1(x)
        y1 = F.max_pool2d(x, 5, 1, 2)
        y2 = F.max_pool2d(y1, 5, 1, 2)
        y3 = F.max_pool2d(y2, 5, 1, 2)
        return self.cv2(torch.cat([x, y1, y2, y3], 1))


class Head(nn.Module):
    def __init__(self, c: int, num_classes: int):
        super().__init__()
        self.cls = nn.Sequential(conv_bn(c, c), conv_bn(c, c), nn.Conv2d(c, num_classes, 1))
        self.reg = nn.Sequential(conv_bn(c, c), conv_bn(c, c), nn.Conv2d(c, 4, 1))
        nn.init.constant_(self.cls[-1].bias, -math.log((1 - 0.01) / 0.01))
        nn.init.constant_(self.reg[-1].bias, 0.5)

    def forward(self, x):
        return self.cls(x), self.reg(x)


class Detector(nn.Module):
    def __init__(self, num_classes: int = len(CATEGORIES), widths=(16, 32, 64, 128, 192),
                 fpn: int = 64, size: int = 320):
        super().__init__()
        w0, w1, w2, w3, w4 = widths
        self.num_classes, self.size = num_classes, size
        self.stem = nn.Sequential(conv_bn(3, w0, 3, 2), conv_bn(w0, w1, 3, 2), BasicBlock(w1, w1))
        self.c3 = nn.Sequential(BasicBlock(w1, w2, 2), BasicBlock(w2, w2))
        self.c4 = nn.Sequential(BasicBlock(w2, w3, 2), BasicBlock(w3, w3))
        self.c5 = nn.Sequential(BasicBlock(w3, w4, 2), BasicBlock(w4, w4), SPPF(w4))
        self.lat3 = nn.Conv2d(w2, fpn, 1)
        self.lat4 = nn.Conv2d(w3, fpn, 1)
        self.lat5 = nn.Conv2d(w4, fpn, 1)
        self.smooth3 = conv_bn(fpn, fpn)
        self.smooth4 = conv_bn(fpn, fpn)
        self.heads = nn.ModuleList([Head(fpn, num_classes) for _ in STRIDES])

    def forward(self, x):
        """Raw outputs: cls logits [N, A, C] and side distances [N, A, 4] (input pixels)."""
        x = (x - 0.5) / 0.25
        c3 = self.c3(self.stem(x))
        c4 = self.c4(c3)
        c5 = self.c5(c4)
        p5 = self.lat5(c5)
        p4 = self.lat4(c4) + F.interpolate(p5, scale_factor=2.0, mode="nearest")
        p3 = self.lat3(c3) + F.interpolate(p4, scale_factor=2.0, mode="nearest")
        feats = [self.smooth3(p3), self.smooth4(p4)]
        cls_all, reg_all = [], []
        for f, head, s in zip(feats, self.heads, STRIDES):
            c, r = head(f)
            n = c.shape[0]
            cls_all.append(c.flatten(2).transpose(1, 2))
            reg_all.append((F.softplus(r) * s).flatten(2).transpose(1, 2))
        return torch.cat(cls_all, 1), torch.cat(reg_all, 1)


def anchor_points(size: int = 320, device=None):
    """Cell centres [A, 2] (x, y) and strides [A] of the levels, in output order."""
    pts, strides = [], []
    for s in STRIDES:
        n = size // s
        ys, xs = torch.meshgrid(torch.arange(n, device=device), torch.arange(n, device=device),
                                indexing="ij")
        p = torch.stack([xs, ys], -1).reshape(-1, 2).float() * s + s / 2
        pts.append(p)
        strides.append(torch.full((n * n,), float(s), device=device))
    return torch.cat(pts), torch.cat(strides)


def decode(reg: torch.Tensor, points: torch.Tensor) -> torch.Tensor:
    """Side distances [..., A, 4] → boxes x0, y0, x1, y1."""
    return torch.cat([points - reg[..., :2], points + reg[..., 2:]], -1)


class DetectorExport(nn.Module):
    """The exported graph: [N, 3, 320, 320] → output0 [N, 4 + C, A] (YOLOv8 layout)."""

    def __init__(self, model: Detector):
        super().__init__()
        self.model = model
        pts, _ = anchor_points(model.size)
        self.register_buffer("points", pts)

    def forward(self, images):
        cls, reg = self.model(images)
        x0y0 = self.points - reg[..., :2]
        x1y1 = self.points + reg[..., 2:]
        cxcy = (x0y0 + x1y1) / 2
        wh = x1y1 - x0y0
        out = torch.cat([cxcy, wh, torch.sigmoid(cls)], -1)  # [N, A, 4 + C]
        return out.transpose(1, 2)


# --------------------------------------------------------------------------------------------
# Targets and loss


def _level_bounds(strides: torch.Tensor):
    lo = torch.zeros_like(strides)
    hi = torch.zeros_like(strides)
    for s, (a, b) in zip(STRIDES, LEVEL_RANGES):
        lo[strides == s] = a
        hi[strides == s] = b
    return lo, hi


def assign(points, strides, gt_boxes, gt_valid):
    """FCOS-style assignment, batched. points [A, 2], strides [A], gt_boxes [N, G, 4],
    gt_valid [N, G] → assigned gt index per point [N, A], −1 for background.

    A point is positive for a box when it lies inside the box, within CENTER_RADIUS strides of
    its centre, and on a level whose size range holds the box; the point nearest to the centre
    on each such level is always positive (tiny boxes keep one). Ties go to the smallest box."""
    n, g = gt_valid.shape
    a = points.shape[0]
    dev = points.device
    if g == 0:
        return torch.full((n, a), -1, dtype=torch.long, device=dev)
    x = points[None, :, 0:1]
    y = points[None, :, 1:2]
    x0, y0, x1, y1 = (gt_boxes[..., i][:, None, :] for i in range(4))  # [N, 1, G]
    inside = torch.minimum(torch.minimum(x - x0, y - y0), torch.minimum(x1 - x, y1 - y)) > 0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = CENTER_RADIUS * strides[None, :, None]
    near = ((x - cx).abs() < r) & ((y - cy).abs() < r)
    size = torch.maximum(x1 - x0, y1 - y0)  # [N, 1, G]
    lo, hi = _level_bounds(strides)
    in_range = (size >= lo[None, :, None]) & (size <= hi[None, :, None])  # [N, A, G]
    forced = torch.zeros(n, a, g, dtype=torch.bool, device=dev)
    d2 = (x - cx) ** 2 + (y - cy) ** 2  # [N, A, G]
    start = 0
    for s in STRIDES:
        k = int((strides == s).sum())
        nearest = d2[:, start : start + k].argmin(1)  # [N, G]
        ok = in_range[:, start, :]  # [N, G] (same for every point of the level)
        forced.scatter_(1, (start + nearest)[:, None, :],
                        ok[:, None, :])
        start += k
    cand = ((inside & near & in_range) | forced) & gt_valid[:, None, :]
    area = ((x1 - x0) * (y1 - y0)).expand(n, a, g)
    cost = torch.where(cand, area, torch.full_like(area, float("inf")))
    best_cost, best = cost.min(2)
    return torch.where(torch.isfinite(best_cost), best, torch.full_like(best, -1))


def quality_focal_loss(logits, target, beta: float = 2.0):
    """GFL's quality focal loss: BCE towards a soft target (the IoU at positives, 0 elsewhere),
    weighted by |σ(logit) − target|^β."""
    p = torch.sigmoid(logits)
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    return (bce * (p - target).abs().pow(beta)).sum()


def detection_loss(cls, reg, points, strides, gt_boxes, gt_labels, gt_valid,
                   box_weight: float = 2.0):
    """cls [N, A, C], reg [N, A, 4]; gt_boxes [N, G, 4], gt_labels [N, G], gt_valid [N, G]
    (images padded to G boxes). Returns (loss, cls part, box part)."""
    idx = assign(points, strides, gt_boxes, gt_valid)  # [N, A]
    pos = idx >= 0
    num_pos = int(pos.sum())
    pred_boxes = decode(reg.float(), points)  # [N, A, 4]
    cls_t = torch.zeros_like(cls, dtype=torch.float32)
    if num_pos:
        bi, ai = pos.nonzero(as_tuple=True)
        gi = idx[bi, ai]
        gl, iou = ops.giou_loss(pred_boxes[bi, ai], gt_boxes[bi, gi])
        cls_t[bi, ai, gt_labels[bi, gi]] = iou.detach().clamp_min(0.01)
        l_box = gl.sum() / num_pos
    else:
        l_box = reg.sum() * 0
    l_cls = quality_focal_loss(cls.float(), cls_t) / max(1, num_pos)
    return l_cls + box_weight * l_box, float(l_cls.detach()), float(l_box.detach())


def pad_targets(targets, device=None):
    """List of (boxes [g, 4], labels [g]) → padded boxes [N, G, 4], labels [N, G], valid [N, G]."""
    n = len(targets)
    g = max([len(b) for b, _ in targets] + [1])
    boxes = torch.zeros(n, g, 4, device=device)
    labels = torch.zeros(n, g, dtype=torch.long, device=device)
    valid = torch.zeros(n, g, dtype=torch.bool, device=device)
    for i, (b, l) in enumerate(targets):
        k = len(b)
        if k:
            boxes[i, :k] = torch.as_tensor(b, dtype=torch.float32, device=device)
            labels[i, :k] = torch.as_tensor(l, dtype=torch.long, device=device)
            valid[i, :k] = True
    return boxes, labels, valid


# --------------------------------------------------------------------------------------------
# Data on the device and augmentation


@dataclass
class DetectData:
    """Street photos letterboxed once (antialiased, like the runner's area resize), with their
    ground truth in letterboxed pixels, padded to G boxes per photo; on one device."""

    images: torch.Tensor  # [S, 3, size, size] uint8
    boxes: torch.Tensor  # [S, G, 4] x0 y0 x1 y1, letterboxed pixels
    labels: torch.Tensor  # [S, G]
    valid: torch.Tensor  # [S, G]
    content: torch.Tensor  # [S, 4] where the photo lies in the letterbox
    train_idx: np.ndarray
    test_idx: np.ndarray

    @staticmethod
    def from_pack(pack: Pack, device, size: int = 320) -> "DetectData":
        imgs, params = ops.letterbox_bank(pack.street, pack.street_sizes, size)
        targets, content = [], []
        for i in range(len(pack.street)):
            b, l = pack.boxes_of(i)
            s, left, top = params[i]
            w, h = pack.street_sizes[i]
            nw = ops.letterbox_params(int(w), int(h), size)[1]
            nh = ops.letterbox_params(int(w), int(h), size)[2]
            sx, sy = nw / w, nh / h
            b = b.copy()
            b[:, [0, 2]] = b[:, [0, 2]] * sx + left
            b[:, [1, 3]] = b[:, [1, 3]] * sy + top
            targets.append((b, l))
            content.append((left, top, left + nw, top + nh))
        boxes, labels, valid = pad_targets(targets)
        test = pack.test_photo_mask()
        return DetectData(
            images=ops.to_tensor_u8(imgs).to(device),
            boxes=boxes.to(device),
            labels=labels.to(device),
            valid=valid.to(device),
            content=torch.tensor(content, dtype=torch.float32, device=device),
            train_idx=np.nonzero(~test)[0],
            test_idx=np.nonzero(test)[0],
        )


def make_batch(data: DetectData, idx, gen: torch.Generator | None, scale_range=(0.7, 1.35)):
    """Inputs [n, 3, size, size] float 0..1 and padded targets (boxes, labels, valid) in input
    pixels. With gen: random zoom (log-uniform in scale_range), placement and horizontal flip,
    applied to the letterboxed photo in one batched grid_sample; without: the letterbox as is."""
    dev = data.images.device
    idx_t = torch.as_tensor(np.asarray(idx), dtype=torch.long, device=dev)
    imgs = data.images[idx_t]
    boxes = data.boxes[idx_t].clone()
    labels = data.labels[idx_t]
    valid = data.valid[idx_t].clone()
    n, _, size, _ = imgs.shape
    if gen is None:
        return imgs.float() / 255.0, boxes, labels, valid
    lo, hi = math.log(scale_range[0]), math.log(scale_range[1])
    z = torch.exp(torch.rand(n, device=dev, generator=gen) * (hi - lo) + lo)  # zoom
    c = data.content[idx_t]  # content box in the letterbox
    # translation t (output = z * input + t): content inside the frame when it fits, covering
    # the frame when it does not
    t = []
    for a0, a1 in ((c[:, 0], c[:, 2]), (c[:, 1], c[:, 3])):
        lo_t = torch.minimum(-a0 * z, size - a1 * z)
        hi_t = torch.maximum(-a0 * z, size - a1 * z)
        t.append(lo_t + torch.rand(n, device=dev, generator=gen) * (hi_t - lo_t))
    tx, ty = t
    # the window of the input that lands on the output frame
    win = torch.stack([-tx / z, -ty / z, (size - tx) / z, (size - ty) / z], 1)
    x = ops.window_sample(imgs, win, size, size, pad=ops.PAD_VALUE / 255.0)
    boxes[..., [0, 2]] = boxes[..., [0, 2]] * z[:, None, None] + tx[:, None, None]
    boxes[..., [1, 3]] = boxes[..., [1, 3]] * z[:, None, None] + ty[:, None, None]
    area0 = ops.box_area(boxes)
    boxes = boxes.clamp(0, size)
    keep = (ops.box_area(boxes) >= 0.4 * area0) & ((boxes[..., 2] - boxes[..., 0]) >= 2) & (
        (boxes[..., 3] - boxes[..., 1]) >= 2)
    valid &= keep
    flip = torch.rand(n, device=dev, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(-1), x)
    fb = boxes.clone()
    fb[..., 0], fb[..., 2] = size - boxes[..., 2], size - boxes[..., 0]
    boxes = torch.where(flip[:, None, None], fb, boxes)
    return x, boxes, labels, valid


def augment(x, gen):
    x = ops.color_jitter(x, gen, brightness=0.25, contrast=0.2, saturation=0.2, gain=0.12, p=0.8)
    x = ops.gaussian_blur(x, gen, sigma=(0.3, 1.0), p=0.2)
    x = ops.gaussian_noise(x, gen, p=0.3)
    return x


# --------------------------------------------------------------------------------------------
# Evaluation


def _iou_np(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.clip(rb - lt, 0, None).prod(-1)
    area_a = np.clip(a[:, 2:] - a[:, :2], 0, None).prod(-1)
    area_b = np.clip(b[:, 2:] - b[:, :2], 0, None).prod(-1)
    return inter / np.maximum(area_a[:, None] + area_b[None] - inter, 1e-9)


def average_precision(dets, gts, num_classes: int, iou_thresholds=(0.5,)):
    """COCO-style AP (101-point interpolated precision; detections in descending score order,
    each matched to the unmatched ground truth of its class it overlaps most, if ≥ threshold).

    dets: per image (boxes [n, 4], scores [n], labels [n]) as numpy; gts: per image (boxes,
    labels). Returns {iou threshold: {class: AP}} over classes that have ground truth."""
    ious = [_iou_np(np.asarray(d[0], np.float64).reshape(-1, 4),
                    np.asarray(g[0], np.float64).reshape(-1, 4)) for d, g in zip(dets, gts)]
    out = {thr: {} for thr in iou_thresholds}
    for c in range(num_classes):
        n_gt = sum(int((g[1] == c).sum()) for g in gts)
        if n_gt == 0:
            continue
        records = []  # (score, image, detection index)
        for im, (b, s, l) in enumerate(dets):
            for k in np.nonzero(l == c)[0]:
                records.append((float(s[k]), im, int(k)))
        records.sort(key=lambda r: -r[0])
        gt_cols = {im: np.nonzero(g[1] == c)[0] for im, g in enumerate(gts)}
        for thr in iou_thresholds:
            matched = {im: np.zeros(len(cols), dtype=bool) for im, cols in gt_cols.items()}
            tp = np.zeros(len(records))
            for r, (_, im, k) in enumerate(records):
                cols = gt_cols[im]
                if len(cols) == 0:
                    continue
                iou = ious[im][k, cols].copy()
                iou[matched[im]] = -1
                j = int(iou.argmax())
                if iou[j] >= thr:
                    matched[im][j] = True
                    tp[r] = 1
            ctp = np.cumsum(tp)
            recall = ctp / n_gt
            precision = ctp / np.arange(1, len(tp) + 1) if len(tp) else np.zeros(0)
            precision = np.maximum.accumulate(precision[::-1])[::-1] if len(tp) else precision
            ks = np.searchsorted(recall, np.linspace(0, 1, 101), side="left")
            ap = sum(precision[k] if k < len(precision) else 0.0 for k in ks) / 101
            out[thr][c] = float(ap)
    return out


@torch.no_grad()
def predict(model: Detector, x: torch.Tensor, conf=0.001, iou=0.6, max_det=100):
    """Runs the model like the exported graph plus the runner's NMS; per image (boxes, scores,
    labels) as tensors in input pixels."""
    model.eval()
    exp = DetectorExport(model).to(x.device)
    out = exp(x)
    return [ops.yolo_postprocess(o, conf, iou, max_det) for o in out]


@torch.no_grad()
def evaluate(model: Detector, data: DetectData, size: int = 320, batch: int = 32,
             idx=None):
    """AP@0.5 and AP@[.5:.95] per class on the test photos, in letterboxed input space."""
    idx = data.test_idx if idx is None else idx
    dets, gts = [], []
    for i in range(0, len(idx), batch):
        x, boxes, labels, valid = make_batch(data, idx[i : i + batch], None)
        for j, (b, s, l) in enumerate(predict(model, x)):
            dets.append((b.cpu().numpy(), s.cpu().numpy(), l.cpu().numpy()))
            v = valid[j]
            gts.append((boxes[j][v].cpu().numpy(), labels[j][v].cpu().numpy()))
    thrs = tuple(np.round(np.arange(0.5, 0.96, 0.05), 2))
    ap = average_precision(dets, gts, model.num_classes, thrs)
    ap50 = ap[0.5]
    mean50 = float(np.mean(list(ap50.values()))) if ap50 else 0.0
    mean5095 = float(np.mean([np.mean(list(ap[t].values())) for t in thrs])) if ap50 else 0.0
    return dict(ap50=mean50, ap5095=mean5095,
                per_class={CATEGORIES[c]: round(v, 4) for c, v in ap50.items()})


# --------------------------------------------------------------------------------------------
# Training


@dataclass
class DetectConfig:
    size: int = 320
    epochs: int = 60
    budget_s: float = 0.0
    batch: int = 32
    lr: float = 2e-3
    weight_decay: float = 5e-4
    eval_every: int = 10
    seed: int = 0
    warmup_steps: int = 200


def train_detector(data: DetectData, cfg: DetectConfig, device, log=print, model=None,
                   amp: bool = False):
    model, rng, gen = ops.seeded_start(cfg.seed, lambda: model or Detector(size=cfg.size), device)
    points, strides = anchor_points(cfg.size, device)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    n_train = len(data.train_idx)
    if n_train == 0:
        raise ValueError("no training street photo")
    steps_per_epoch = max(1, n_train // cfg.batch)
    total = steps_per_epoch * cfg.epochs
    sched = Schedule(opt, cfg.lr, total, min(cfg.warmup_steps, total // 10 + 1))
    history = []
    t0 = time.time()
    train_s = 0.0
    step = 0
    fitter = BudgetFitter(cfg.budget_s)
    stop = False
    for epoch in range(cfg.epochs):
        model.train()
        order = rng.permutation(data.train_idx)
        ls, lc, lb = [], [], []
        for bi in range(steps_per_epoch):
            ts = time.time()
            sched.step(step)
            idx = order[bi * cfg.batch : (bi + 1) * cfg.batch]
            if len(idx) == 0:
                idx = order[: cfg.batch]
            x, boxes, labels, valid = make_batch(data, idx, gen)
            x = augment(x, gen)
            if device.type == "cuda":
                x = x.contiguous(memory_format=torch.channels_last)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                cls, reg = model(x)
            loss, l_cls, l_box = detection_loss(cls.float(), reg.float(), points, strides, boxes,
                                                labels, valid)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            ls.append(float(loss.detach()))
            lc.append(l_cls)
            lb.append(l_box)
            step += 1
            train_s += time.time() - ts
            total = fitter.update(step, train_s, sched)
            if step >= total:
                stop = True
                break
        rec = dict(epoch=epoch + 1, step=step, loss=float(np.mean(ls)), cls=float(np.mean(lc)),
                   box=float(np.mean(lb)), lr=opt.param_groups[0]["lr"],
                   seconds=round(time.time() - t0, 1))
        if (epoch + 1) % cfg.eval_every == 0 or stop or epoch + 1 == cfg.epochs:
            ev = evaluate(model, data, cfg.size)
            rec.update(ap50=ev["ap50"], ap5095=ev["ap5095"])
        history.append(rec)
        log("[detector] " + " ".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in rec.items()))
        if stop:
            break
    model.eval()
    return model, history
