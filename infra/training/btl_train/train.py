"""Command line: pack a data set, fit the models, export them, evaluate the exports.

    python -m btl_train.train pack   --data DIR --out PACK.npz
    python -m btl_train.train fit    --pack PACK.npz --out RUN [--device auto|cpu|cuda] ...
    python -m btl_train.train export --run RUN --models ../models
    python -m btl_train.train eval   --data DIR --detector ../models/detector \
                                     --embedder ../models/embedder [--embedder-offline RUN/embedder_offline]

``fit`` writes RUN/detector.pt, RUN/embedder.pt, RUN/embedder_offline.pt (checkpoints with their
configs), RUN/history.json (loss and evaluation per epoch) and RUN/train.log.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

from .data import build_pack, load_pack
from .detector import DetectConfig, DetectData, Detector, train_detector
from .embedder import EmbedConfig, EmbedData, Embedder, count_params, train_embedder


class Logger:
    def __init__(self, path: Path | None):
        self.f = open(path, "a", encoding="utf-8") if path else None

    def __call__(self, msg: str):
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        if self.f:
            self.f.write(line + "\n")
            self.f.flush()


def seed_everything(seed: int):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def pick_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def cmd_pack(a):
    t = time.time()
    info = build_pack(a.data if len(a.data) > 1 else a.data[0], a.out, shop_size=a.shop_size, street_quality=a.street_quality,
                      shop_quality=a.shop_quality, street_max_side=a.street_max_side,
                      image_format=a.format)
    info["seconds"] = round(time.time() - t, 1)
    print(json.dumps(info))


def _save(path: Path, kind: str, model, cfg, history, extra=None):
    torch.save({"kind": kind, "config": dataclasses.asdict(cfg),
                "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
                "history": history, **(extra or {})}, path)


def cmd_fit(a):
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    log = Logger(out / "train.log")
    seed_everything(a.seed)
    device = pick_device(a.device)
    if device.type == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    else:
        torch.backends.cudnn.benchmark = True
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    amp = a.amp and device.type == "cuda"
    t0 = time.time()
    pack = load_pack(a.pack)
    log(f"device={device} amp={amp} torch={torch.__version__} threads={torch.get_num_threads()} "
        f"pack: {len(pack.street)} street photos, {len(pack.items)} items, {len(pack.shop)} shop "
        f"photos, decoded in {time.time() - t0:.1f}s")
    what = set(a.what.split(","))
    hist_path = out / "history.json"
    history = json.loads(hist_path.read_text()) if hist_path.exists() else {}
    t1 = time.time()
    emb_data = EmbedData.from_pack(pack, device, size=a.emb_size)
    det_data = DetectData.from_pack(pack, device)
    pack.street = None  # the banks hold what training needs
    log(f"crop banks and letterboxes built in {time.time() - t1:.1f}s")
    log(f"detector: {len(det_data.train_idx)} train / {len(det_data.test_idx)} test photos; "
        f"embedder: {int((emb_data.item_split == 0).sum())} train / "
        f"{int((emb_data.item_split == 1).sum())} test items")
    timing = history.get("timing", {})

    if "det" in what:
        cfg = DetectConfig(epochs=a.det_epochs, budget_s=a.det_budget, batch=a.det_batch,
                           lr=a.det_lr, eval_every=a.det_eval_every, seed=a.seed)
        model = Detector(size=cfg.size)
        if a.init:
            from .detector import DetectorExport, make_batch
            from .warmstart import load_onnx_weights

            idx = det_data.train_idx[: min(64, len(det_data.train_idx))]
            calib, *_ = make_batch(det_data, idx, None)
            info = load_onnx_weights(model, DetectorExport(model), Path(a.init, "detector",
                                     "model.onnx"), calib.float().cpu())
            log(f"detector: warm start from {a.init}/detector/model.onnx {info}")
        log(f"detector: {count_params(model)} parameters, config {dataclasses.asdict(cfg)}")
        t = time.time()
        model, h = train_detector(det_data, cfg, device, log, model, amp)
        timing["detector_s"] = round(time.time() - t, 1)
        history["detector"] = h
        _save(out / "detector.pt", "detector", model, cfg, h)
        hist_path.write_text(json.dumps({**history, "timing": timing}, indent=1))
    for mode, key, flag in (("online", "embedder", "emb"), ("offline", "embedder_offline", "offline")):
        if flag not in what:
            continue
        epochs = a.emb_epochs if mode == "online" else a.offline_epochs
        budget = a.emb_budget if mode == "online" else a.offline_budget
        cfg = EmbedConfig(size=a.emb_size, mode=mode, epochs=epochs, budget_s=budget, p=a.emb_p,
                          k=a.emb_k, batch=a.offline_batch, lr=a.emb_lr, margin=a.margin,
                          eval_every=a.emb_eval_every, seed=a.seed, soft=a.emb_soft)
        model = Embedder(dim=cfg.dim)
        if a.init and mode == "online":
            from .embedder import make_inputs
            from .warmstart import load_onnx_weights

            n = min(128, len(emb_data.item_product))
            refs = [("street", i) for i in range(0, len(emb_data.item_product),
                                                 max(1, len(emb_data.item_product) // n))][:n]
            calib = make_inputs(emb_data, refs, cfg.size, None).float().cpu()
            info = load_onnx_weights(model, model, Path(a.init, "embedder", "model.onnx"), calib)
            log(f"{key}: warm start from {a.init}/embedder/model.onnx {info}")
        log(f"{key}: {count_params(model)} parameters, config {dataclasses.asdict(cfg)}")
        t = time.time()
        model, h = train_embedder(emb_data, cfg, device, log, model, amp)
        timing[f"{key}_s"] = round(time.time() - t, 1)
        history[key] = h
        _save(out / f"{key}.pt", key, model, cfg, h)
        hist_path.write_text(json.dumps({**history, "timing": timing}, indent=1))
    timing["wall_s_" + "+".join(sorted(what))] = round(time.time() - t0, 1)
    timing.pop("fit_total_s", None)
    history["timing"] = timing
    history["device"] = str(device) + (f" ({torch.cuda.get_device_name()})" if device.type == "cuda" else "")
    hist_path.write_text(json.dumps(history, indent=1))
    log(f"fit done in {time.time() - t0:.1f}s: {timing}")


def load_detector(path) -> tuple[Detector, dict]:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    m = Detector(size=ck["config"]["size"])
    m.load_state_dict(ck["state_dict"])
    return m.eval(), ck


def load_embedder(path) -> tuple[Embedder, dict]:
    ck = torch.load(path, map_location="cpu", weights_only=False)
    m = Embedder(dim=ck["config"]["dim"])
    m.load_state_dict(ck["state_dict"])
    return m.eval(), ck


def _summary(h: list) -> dict:
    evals = [r for r in h if any(k.startswith("top") or k.startswith("ap") for k in r)]
    return {"epochs": len(h), "first_loss": h[0]["loss"] if h else None,
            "last_loss": h[-1]["loss"] if h else None, "last_eval": evals[-1] if evals else None}


def cmd_export(a):
    from .export import export_detector, export_embedder

    run = Path(a.run)
    models = Path(a.models)
    version = a.version or _dt.date.today().strftime("%Y.%m.%d")
    hist = json.loads((run / "history.json").read_text()) if (run / "history.json").exists() else {}
    common = {"data": a.data_note, "device": hist.get("device"), "timing": hist.get("timing"),
              "trainer": "infra/training (btl_train)"}
    if (run / "detector.pt").exists():
        m, ck = load_detector(run / "detector.pt")
        export_detector(m, models / "detector", version, {
            **common, "config": ck["config"], "parameters": count_params(m),
            "summary": _summary(ck["history"])})
        print(f"exported detector → {models / 'detector'}")
    if (run / "embedder.pt").exists():
        m, ck = load_embedder(run / "embedder.pt")
        export_embedder(m, models / "embedder", ck["config"]["size"], version, {
            **common, "config": ck["config"], "parameters": count_params(m),
            "summary": _summary(ck["history"])})
        print(f"exported embedder → {models / 'embedder'}")
    if (run / "embedder_offline.pt").exists():
        m, ck = load_embedder(run / "embedder_offline.pt")
        export_embedder(m, run / "embedder_offline", ck["config"]["size"], version + "-offline",
                        {**common, "config": ck["config"], "summary": _summary(ck["history"])})
        print(f"exported offline-mining embedder → {run / 'embedder_offline'}")


def cmd_eval(a):
    from .evaluate import evaluate_folder

    embs = []
    if a.embedder:
        embs.append(("online (batch-hard)", a.embedder))
    if a.embedder_offline and Path(a.embedder_offline, "model.json").exists():
        embs.append(("offline (seed: random same-category negatives)", a.embedder_offline))
    res = evaluate_folder(a.data, a.detector, embs)
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=2))
    print(json.dumps(res, indent=2))


def main(argv=None):
    p = argparse.ArgumentParser(prog="btl_train")
    sub = p.add_subparsers(dest="cmd", required=True)
    pk = sub.add_parser("pack", help="pack a street2shop-layout folder into one .npz")
    pk.add_argument("--data", required=True, action="append",
                    help="data set folder; repeat to pack several draws as one")
    pk.add_argument("--out", required=True)
    pk.add_argument("--shop-size", type=int, default=160)
    pk.add_argument("--street-quality", type=int, default=0, help="0: keep original JPEG bytes")
    pk.add_argument("--shop-quality", type=int, default=92)
    pk.add_argument("--street-max-side", type=int, default=0)
    pk.add_argument("--format", choices=["jpeg", "webp"], default="jpeg",
                    help="re-encode as WebP (smaller packs for upload; needs --street-quality)")
    pk.set_defaults(fn=cmd_pack)

    f = sub.add_parser("fit", help="train the detector and the embedders on a pack")
    f.add_argument("--pack", required=True)
    f.add_argument("--out", required=True)
    f.add_argument("--device", default="auto")
    f.add_argument("--what", default="det,emb,offline")
    f.add_argument("--init", default="",
                   help="models folder (detector/, embedder/) to warm-start from, e.g. infra/models")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--amp", action="store_true", help="bf16 autocast on CUDA")
    f.add_argument("--det-epochs", type=int, default=60)
    f.add_argument("--det-budget", type=float, default=0, help="seconds; 0 = no limit")
    f.add_argument("--det-batch", type=int, default=32)
    f.add_argument("--det-lr", type=float, default=2e-3)
    f.add_argument("--det-eval-every", type=int, default=10)
    f.add_argument("--emb-size", type=int, default=96)
    f.add_argument("--emb-epochs", type=int, default=60)
    f.add_argument("--emb-budget", type=float, default=0)
    f.add_argument("--emb-p", type=int, default=32)
    f.add_argument("--emb-k", type=int, default=4)
    f.add_argument("--emb-lr", type=float, default=1e-3)
    f.add_argument("--emb-eval-every", type=int, default=5)
    f.add_argument("--margin", type=float, default=0.3)
    f.add_argument("--emb-soft", action="store_true",
                   help="online: soft-margin batch-hard loss log(1 + exp(d_p - d_n))")
    f.add_argument("--offline-epochs", type=int, default=10)
    f.add_argument("--offline-budget", type=float, default=0)
    f.add_argument("--offline-batch", type=int, default=48)
    f.set_defaults(fn=cmd_fit)

    e = sub.add_parser("export", help="export checkpoints to ONNX + model.json")
    e.add_argument("--run", required=True)
    e.add_argument("--models", required=True)
    e.add_argument("--version", default="")
    e.add_argument("--data-note", default="btl generate --seed 42 (default size)")
    e.set_defaults(fn=cmd_export)

    v = sub.add_parser("eval", help="evaluate exported models on a data set folder (ONNX Runtime)")
    v.add_argument("--data", required=True)
    v.add_argument("--detector")
    v.add_argument("--embedder")
    v.add_argument("--embedder-offline")
    v.add_argument("--json")
    v.set_defaults(fn=cmd_eval)
    a = p.parse_args(argv)
    a.fn(a)


if __name__ == "__main__":
    sys.exit(main())
