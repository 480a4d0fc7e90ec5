"""The triplet embedder: a compact ResNet → 128-D unit vectors, and its two training regimes.

* ``online``: P products × K images per batch (street crops and shop photos of each product
  mixed), batch-hard mining (hardest positive and hardest negative of every anchor in the
  batch), margin loss on Euclidean distances of the unit vectors.
* ``offline``: the seed's regime: triplets fixed per epoch before training it: anchor = a street
  crop, positive = a shop photo of the same product, negative = a random shop photo of another
  product of the same category.

Both see the same augmentations: crop jitter of the street box, flips, colour jitter, Gaussian
blur, pixel dropout, luminance histogram equalisation, and (for robustness to however the runner
resizes) resizing with or without antialiasing.
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
from .data import TEST, TRAIN, Pack

# --------------------------------------------------------------------------------------------
# Network


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)
            )

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.short is None else self.short(x)), inplace=True)


def conv_bn(cin, cout, k=3, s=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, s, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)
    )


class Embedder(nn.Module):
    """[N, 3, S, S] RGB in 0..1 → [N, dim] unit vectors. Normalisation by ImageNet-style
    mean/std happens inside the graph, so the manifest's mean/std stay 0/1."""

    MEAN = (0.485, 0.456, 0.406)
    STD = (0.229, 0.224, 0.225)

    def __init__(self, dim: int = 128, widths=(32, 64, 128, 256), dropout: float = 0.1):
        super().__init__()
        w0, w1, w2, w3 = widths
        self.stem = nn.Sequential(conv_bn(3, w0, 3, 2), conv_bn(w0, w0, 3, 1))
        self.stages = nn.Sequential(
            BasicBlock(w0, w1, 2), BasicBlock(w1, w1),
            BasicBlock(w1, w2, 2), BasicBlock(w2, w2),
            BasicBlock(w2, w3, 2), BasicBlock(w3, w3),
        )
        self.dropout = nn.Dropout(dropout)
        # global average and global max pooled features side by side
        self.fc = nn.Linear(2 * w3, dim)
        self.register_buffer("mean", torch.tensor(self.MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(self.STD).view(1, 3, 1, 1))

    def forward(self, x):
        x = (x - self.mean) / self.std
        f = self.stages(self.stem(x))
        f = torch.cat([f.mean(dim=(2, 3)), f.amax(dim=(2, 3))], dim=1)
        e = self.fc(self.dropout(f))
        return F.normalize(e, dim=1)


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


# --------------------------------------------------------------------------------------------
# Losses


def batch_hard_triplet_loss(emb, labels, margin: float = 0.3, groups=None, soft: bool = False):
    """Batch-hard triplet loss (Hermans et al. 2017): for every anchor, the farthest positive and
    the nearest negative in the batch. ``groups`` (optional, per sample): samples of another
    product in the same group are neither positives nor negatives (colour-shade twins).
    ``soft``: the soft-margin form log(1 + exp(d_p − d_n)) instead of max(0, d_p − d_n + m).
    Returns (loss, share of active triplets: those inside the margin)."""
    d = torch.cdist(emb, emb).clamp_min(0)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(len(labels), dtype=torch.bool, device=emb.device)
    pos = same & ~eye
    neg = ~same
    if groups is not None:
        neg = neg & (groups[:, None] != groups[None, :])
    hardest_pos = torch.where(pos, d, torch.zeros_like(d)).amax(dim=1)
    hardest_neg = torch.where(neg, d, torch.full_like(d, 1e4)).amin(dim=1)
    valid = pos.any(dim=1) & neg.any(dim=1)
    diff = (hardest_pos - hardest_neg)[valid]
    if diff.numel() == 0:
        return emb.sum() * 0, 0.0
    active = float((diff + margin > 0).float().mean())
    losses = F.softplus(diff) if soft else F.relu(diff + margin)
    return losses.mean(), active


def triplet_loss(a, p, n, margin: float = 0.3):
    """Plain triplet loss on given triplets (Euclidean distance of unit vectors)."""
    dp = (a - p).norm(dim=1)
    dn = (a - n).norm(dim=1)
    losses = F.relu(dp - dn + margin)
    return losses.mean(), float((losses > 0).float().mean())


# --------------------------------------------------------------------------------------------
# Data on the device


STREET_EXPAND = 0.2  # context kept around a street box in the crop bank (crop jitter room)
SHOP_BANK_SCALE = 1.15  # shop photos are banked a little larger than the input side


@dataclass
class EmbedData:
    """Everything the embedder trains and evaluates on, as tensors on one device.

    Street items live in a *crop bank*: each box grown by STREET_EXPAND on every side, clamped
    to the photo, stretched to a fixed square with an antialiased resize. A training crop is a
    jittered window of it, sampled in one batched grid_sample; the evaluation crop is the exact
    box. Shop photos are banked whole."""

    street_bank: torch.Tensor  # [I, 3, B, B] uint8
    street_windows: torch.Tensor  # [I, 4] the item's box in bank pixels
    shop_bank: torch.Tensor  # [P, 3, Bs, Bs] uint8
    item_product: np.ndarray  # [I]
    item_category: np.ndarray  # [I]
    item_split: np.ndarray  # [I]
    shop_product: np.ndarray  # [P]
    shop_category: np.ndarray  # [P]
    group_of: dict  # product → twin group (absent: its own)

    @staticmethod
    def from_pack(pack: Pack, device, size: int = 96) -> "EmbedData":
        it = pack.items
        boxes = np.stack([it[:, 3], it[:, 4], it[:, 3] + it[:, 5], it[:, 4] + it[:, 6]], 1)
        side = int(round(size * (1 + 2 * STREET_EXPAND)))
        bank, regions = ops.crop_bank(pack.street, it[:, 0].astype(np.int64), boxes,
                                      STREET_EXPAND, side, pack.street_sizes)
        # the box inside its bank image (bank pixels), clamped crop as the runner takes it
        win = np.zeros((len(it), 4), np.float32)
        for i in range(len(it)):
            rx0, ry0, rx1, ry1 = regions[i]
            sx, sy = side / (rx1 - rx0), side / (ry1 - ry0)
            w, h = pack.street_sizes[int(it[i, 0])]
            cx0, cy0, cx1, cy1 = ops.crop_box_pixels(boxes[i], int(w), int(h))
            win[i] = ((cx0 - rx0) * sx, (cy0 - ry0) * sy, (cx1 - rx0) * sx, (cy1 - ry0) * sy)
        shop_side = int(round(size * SHOP_BANK_SCALE))
        shop = pack.shop
        if shop.shape[1] != shop_side:
            t = ops.to_tensor_u8(shop).float()
            shop_t = ops.resize(t, shop_side, shop_side, antialias=True).round().clamp(0, 255)
            shop_t = shop_t.to(torch.uint8)
        else:
            shop_t = ops.to_tensor_u8(shop)
        return EmbedData(
            street_bank=ops.to_tensor_u8(bank).to(device),
            street_windows=torch.from_numpy(win).to(device),
            shop_bank=shop_t.to(device),
            item_product=it[:, 2].astype(np.int64),
            item_category=it[:, 1].astype(np.int64),
            item_split=it[:, 7].astype(np.int64),
            shop_product=pack.shop_rows[:, 1].astype(np.int64),
            shop_category=pack.shop_rows[:, 2].astype(np.int64),
            group_of={int(p): int(g) for p, g in pack.product_groups},
        )


def _jitter(windows: torch.Tensor, amount: float, gen) -> torch.Tensor:
    """Moves each side of each window by up to ``amount`` of its width/height."""
    w = (windows[:, 2] - windows[:, 0])[:, None]
    h = (windows[:, 3] - windows[:, 1])[:, None]
    d = torch.rand(windows.shape, device=windows.device, generator=gen) * 2 - 1
    return windows + d * amount * torch.cat([w, h, w, h], 1)


def make_inputs(data: EmbedData, refs, size: int, gen: torch.Generator | None,
                jitter: float = 0.12, shop_jitter: float = 0.06) -> torch.Tensor:
    """Inputs [n, 3, size, size] float in 0..1 for refs: ('street', item index) or ('shop', shop
    index). With gen: crop jitter (street boxes move by up to ``jitter`` of their size, shop
    photos are cropped by up to ``shop_jitter`` per side); without: the exact crop."""
    dev = data.street_bank.device
    kinds = [k for k, _ in refs]
    idx = torch.tensor([i for _, i in refs], dtype=torch.long, device=dev)
    is_street = torch.tensor([k == "street" for k in kinds], device=dev)
    out = torch.zeros(len(refs), 3, size, size, device=dev)
    if is_street.any():
        si = idx[is_street]
        win = data.street_windows[si]
        if gen is not None:
            win = _jitter(win, jitter, gen)
            side = data.street_bank.shape[-1]
            win = win.clamp(0, side)
            win[:, 2:] = torch.maximum(win[:, 2:], win[:, :2] + 1)
        out[is_street] = ops.window_sample(data.street_bank[si], win, size, size)
    if (~is_street).any():
        hi = idx[~is_street]
        side = data.shop_bank.shape[-1]
        win = torch.tensor([0.0, 0.0, side, side], device=dev).repeat(len(hi), 1)
        if gen is not None:
            d = torch.rand(len(hi), 4, device=dev, generator=gen) * shop_jitter * side
            win = win + d * torch.tensor([1.0, 1.0, -1.0, -1.0], device=dev)
            out[~is_street] = ops.window_sample(data.shop_bank[hi], win, size, size)
        else:
            out[~is_street] = ops.resize(data.shop_bank[hi].float() / 255.0, size, size)
    return out


def augment(x: torch.Tensor, gen: torch.Generator | None) -> torch.Tensor:
    """The seed's augmentations (flips, histogram equalisation, Gaussian blur, pixel dropout)
    plus colour jitter in the range of the street photos' light (level ±25 %, channel gains
    ±12 %) and sensor noise."""
    x, _ = ops.hflip(x, gen)
    x = ops.color_jitter(x, gen, brightness=0.25, contrast=0.15, saturation=0.15, gain=0.12)
    x = ops.equalize_luma(x, gen, p=0.1)
    x = ops.gaussian_blur(x, gen, sigma=(0.3, 1.2), p=0.4)
    x = ops.gaussian_noise(x, gen, sigma=(1 / 255, 7 / 255), p=0.5)
    x = ops.pixel_dropout(x, gen, p=0.2)
    return x


# --------------------------------------------------------------------------------------------
# Evaluation


@torch.no_grad()
def embed_refs(model, data: EmbedData, refs, size: int, batch: int = 256) -> torch.Tensor:
    model.eval()
    outs = []
    for i in range(0, len(refs), batch):
        x = make_inputs(data, refs[i : i + batch], size, None)
        outs.append(model(x).float())
    return torch.cat(outs) if outs else torch.zeros(0, model.fc.out_features)


def retrieval_topk(queries: torch.Tensor, q_products, q_categories, gallery: torch.Tensor,
                   g_products, g_categories, ks=(1, 10, 15, 20)):
    """Street→shop top-k hit rates: for each query, rank the gallery photos of its category by
    cosine similarity; a hit at k when one of the first k shows the query's product.
    Returns ({k: rate}, {category: {k: rate}}, first-hit ranks)."""
    q_products = np.asarray(q_products)
    q_categories = np.asarray(q_categories)
    g_products = np.asarray(g_products)
    g_categories = np.asarray(g_categories)
    ranks = np.full(len(q_products), 10**9, dtype=np.int64)
    for c in np.unique(q_categories):
        qi = np.nonzero(q_categories == c)[0]
        gi = np.nonzero(g_categories == c)[0]
        if len(gi) == 0:
            continue
        sims = (queries[qi] @ gallery[gi].T).cpu().numpy()
        gp = g_products[gi]
        for row, q in enumerate(qi):
            rel = gp == q_products[q]
            if not rel.any():
                continue
            best_rel = sims[row][rel].max()
            # rank = number of gallery photos strictly more similar than the best relevant one
            ranks[q] = int((sims[row] > best_rel).sum())
    overall = {k: float((ranks < k).mean()) if len(ranks) else 0.0 for k in ks}
    per_cat = {}
    for c in np.unique(q_categories):
        m = q_categories == c
        per_cat[int(c)] = {k: float((ranks[m] < k).mean()) for k in ks}
    return overall, per_cat, ranks


def evaluate_retrieval(model, data: EmbedData, size: int, split: int = TEST):
    """Top-k with ground-truth boxes on a split: queries = that split's street items, gallery =
    shop photos of that split's products (per category)."""
    qi = np.nonzero(data.item_split == split)[0]
    products = set(data.item_product[qi].tolist())
    gi = np.array([i for i, p in enumerate(data.shop_product) if p in products], dtype=np.int64)
    q = embed_refs(model, data, [("street", int(i)) for i in qi], size)
    g = embed_refs(model, data, [("shop", int(i)) for i in gi], size)
    overall, per_cat, _ = retrieval_topk(
        q, data.item_product[qi], data.item_category[qi], g, data.shop_product[gi],
        data.shop_category[gi])
    return overall, per_cat


# --------------------------------------------------------------------------------------------
# Training


@dataclass
class EmbedConfig:
    size: int = 96
    dim: int = 128
    mode: str = "online"  # "online" (batch-hard) | "offline" (seed's random negatives)
    epochs: int = 40
    budget_s: float = 0.0  # > 0: stop after this many seconds (schedule fitted to it)
    p: int = 32  # products per batch (online)
    k: int = 4  # images per product (online)
    batch: int = 64  # triplets per batch (offline)
    lr: float = 2e-3
    weight_decay: float = 5e-4
    margin: float = 0.3
    street_share: float = 0.5  # share of street crops among the K images of a product
    eval_every: int = 5
    seed: int = 0
    warmup_steps: int = 100
    twins_apart: bool = True  # online: colour-shade twins are not each other's negatives
    soft: bool = False  # online: soft-margin batch-hard loss


class BudgetFitter:
    """Fits the number of steps to a time budget: times steps 10..40 (after the warm-up of
    kernels and caches) and sets the schedule's total so that training ends near the budget."""

    def __init__(self, budget_s: float, first: int = 10, last: int = 40):
        self.budget_s, self.first, self.last = budget_s, first, last
        self.t_first = None
        self.done = budget_s <= 0

    def update(self, step: int, train_s: float, sched: "Schedule") -> int:
        """Call after each step with the steps done and the training seconds so far; returns
        the (possibly lowered) total."""
        if self.done:
            return sched.total
        if step == self.first:
            self.t_first = train_s
        if step >= sched.total:
            self.done = True
        elif step == self.last and self.t_first is not None:
            per_step = (train_s - self.t_first) / (self.last - self.first)
            new_total = step + int(max(0.0, self.budget_s - train_s) / max(per_step, 1e-6))
            sched.total = max(step + 1, min(sched.total, new_total))
            sched.warmup = min(sched.warmup, max(1, sched.total // 10))
            self.done = True
        return sched.total


class Schedule:
    """Linear warm-up then cosine decay; the total may be re-estimated from a time budget."""

    def __init__(self, opt, lr, total, warmup):
        self.opt, self.lr, self.total, self.warmup = opt, lr, max(1, total), warmup

    def step(self, i):
        if i < self.warmup:
            f = (i + 1) / self.warmup
        else:
            f = 0.5 * (1 + math.cos(math.pi * min(1.0, (i - self.warmup) / max(1, self.total - self.warmup))))
        for g in self.opt.param_groups:
            g["lr"] = self.lr * max(f, 0.01)


def _train_products(data: EmbedData):
    """Train products with at least one street crop and one shop photo: product → (street item
    indices, shop indices); and category → product list."""
    street, shop = {}, {}
    for i in np.nonzero(data.item_split == TRAIN)[0]:
        street.setdefault(int(data.item_product[i]), []).append(int(i))
    for i, p in enumerate(data.shop_product):
        shop.setdefault(int(p), []).append(i)
    prods = {p: (street[p], shop[p]) for p in street if p in shop}
    by_cat = {}
    for p in prods:
        by_cat.setdefault(int(data.item_category[prods[p][0][0]]), []).append(p)
    return prods, by_cat


def _online_batches(prods, by_cat, cfg: EmbedConfig, rng, group_of=None):
    """One epoch of P×K batches. Each batch draws its products mostly from one category (hard
    negatives are same-category products, which is what retrieval ranks against)."""
    cats = sorted(by_cat)
    weights = np.array([len(by_cat[c]) for c in cats], dtype=np.float64)
    weights /= weights.sum()
    n_batches = max(1, len(prods) // cfg.p)
    all_products = list(prods)
    group_of = group_of or {}
    for _ in range(n_batches):
        c = cats[rng.choice(len(cats), p=weights)]
        pool = by_cat[c]
        chosen = list(rng.choice(pool, size=min(cfg.p, len(pool)), replace=False))
        if len(chosen) < cfg.p:
            rest = [p for p in all_products if p not in set(chosen)]
            chosen += list(rng.choice(rest, size=min(cfg.p - len(chosen), len(rest)), replace=False))
        refs, labels, groups = [], [], []
        n_street = max(1, int(round(cfg.k * cfg.street_share)))
        for p in chosen:
            st, sh = prods[int(p)]
            for j in range(cfg.k):
                if j < n_street:
                    refs.append(("street", int(rng.choice(st))))
                else:
                    refs.append(("shop", int(rng.choice(sh))))
                labels.append(int(p))
                groups.append(group_of.get(int(p), -1 - int(p)))
        yield refs, labels, groups


def _offline_triplets(prods, by_cat, data: EmbedData, cfg: EmbedConfig, rng):
    """The seed's triplets for one epoch: every train street crop once as anchor, a shop photo of
    its product as positive, a random shop photo of another product of its category as
    negative."""
    shops_by_cat = {}
    for i, c in enumerate(data.shop_category):
        shops_by_cat.setdefault(int(c), []).append(i)
    triplets = []
    for p, (st, sh) in prods.items():
        c = int(data.item_category[st[0]])
        pool = shops_by_cat[c]
        for a in st:
            while True:
                n = int(rng.choice(pool))
                if int(data.shop_product[n]) != p or len(pool) == len(sh):
                    break
            triplets.append((a, int(rng.choice(sh)), n))
    order = rng.permutation(len(triplets))
    triplets = [triplets[i] for i in order]
    for i in range(0, len(triplets) - cfg.batch + 1 if len(triplets) >= cfg.batch else 1, cfg.batch):
        yield triplets[i : i + cfg.batch]


def train_embedder(data: EmbedData, cfg: EmbedConfig, device, log=print, model=None,
                   amp: bool = False):
    """Trains and returns (model, history). history: one dict per epoch."""
    model, rng, gen = ops.seeded_start(cfg.seed, lambda: model or Embedder(dim=cfg.dim), device)
    prods, by_cat = _train_products(data)
    if not prods:
        raise ValueError("no train product has both a street crop and a shop photo")
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    if cfg.mode == "online":
        steps_per_epoch = max(1, len(prods) // cfg.p)
    else:
        n_anchors = sum(len(v[0]) for v in prods.values())
        steps_per_epoch = max(1, n_anchors // cfg.batch)
    total = steps_per_epoch * cfg.epochs
    sched = Schedule(opt, cfg.lr, total, min(cfg.warmup_steps, total // 10 + 1))
    history = []
    t0 = time.time()
    train_s = 0.0  # time spent in training steps only (evaluation excluded)
    step = 0
    fitter = BudgetFitter(cfg.budget_s)
    images_seen = 0
    stop = False
    for epoch in range(cfg.epochs):
        model.train()
        losses, actives = [], []
        batches = (_online_batches(prods, by_cat, cfg, rng, data.group_of) if cfg.mode == "online"
                   else _offline_triplets(prods, by_cat, data, cfg, rng))
        for batch in batches:
            ts = time.time()
            sched.step(step)
            if cfg.mode == "online":
                refs, labels, groups = batch
                x = augment(make_inputs(data, refs, cfg.size, gen), gen)
                y = torch.tensor(labels, device=device)
                g = torch.tensor(groups, device=device) if cfg.twins_apart else None
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                    e = model(x.contiguous(memory_format=torch.channels_last) if device.type == "cuda" else x)
                loss, active = batch_hard_triplet_loss(e.float(), y, cfg.margin, g, cfg.soft)
            else:
                refs = ([("street", a) for a, _, _ in batch] + [("shop", p) for _, p, _ in batch]
                        + [("shop", n) for _, _, n in batch])
                x = augment(make_inputs(data, refs, cfg.size, gen), gen)
                with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                    e = model(x)
                e = e.float()
                b = len(batch)
                loss, active = triplet_loss(e[:b], e[b : 2 * b], e[2 * b :], cfg.margin)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            images_seen += x.shape[0]
            losses.append(float(loss.detach()))
            actives.append(active)
            step += 1
            train_s += time.time() - ts
            total = fitter.update(step, train_s, sched)
            if step >= total:
                stop = True
                break
        rec = dict(epoch=epoch + 1, step=step, images=images_seen, loss=float(np.mean(losses)),
                   active=float(np.mean(actives)), lr=opt.param_groups[0]["lr"],
                   seconds=round(time.time() - t0, 1))
        if (epoch + 1) % cfg.eval_every == 0 or stop or epoch + 1 == cfg.epochs:
            overall, _ = evaluate_retrieval(model, data, cfg.size)
            rec.update({f"top{k}": v for k, v in overall.items()})
        history.append(rec)
        log(f"[embedder {cfg.mode}] " + " ".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in rec.items()))
        if stop:
            break
    model.eval()
    return model, history
