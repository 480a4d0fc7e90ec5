"""ONNX export and the model.json manifests (contract: infra/models/README.md)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch

from .data import CATEGORIES
from .detector import Detector, DetectorExport
from .embedder import Embedder

OPSET = 17


def sha256_of(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _export(module, dummy, path, input_name, output_name):
    module = module.eval().cpu()
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        module,
        (dummy,),
        str(path),
        input_names=[input_name],
        output_names=[output_name],
        dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
        dynamo=False,
    )
    # The legacy exporter leaves the output's non-batch dimensions symbolic: write the real sizes
    # (e.g. [batch, 15, 2000]) so that runners and tools can read them from the graph.
    import onnx

    with torch.no_grad():
        shape = list(module(dummy).shape)
    m = onnx.load(str(path))
    out = next(o for o in m.graph.output if o.name == output_name)
    for d, size in zip(list(out.type.tensor_type.shape.dim)[1:], shape[1:]):
        d.ClearField("dim_param")
        d.dim_value = int(size)
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, str(path))


def _input_spec(size: int, resize: str, **extra) -> dict:
    """The manifest's input block both models share: RGB NCHW, x = pixel / 255 (any
    normalisation beyond that is inside the graph)."""
    return {
        "name": "images",
        "width": size,
        "height": size,
        "colorOrder": "RGB",
        "layout": "NCHW",
        "scale": 255.0,
        "mean": [0.0, 0.0, 0.0],
        "std": [1.0, 1.0, 1.0],
        "resize": resize,
        **extra,
    }


def detector_manifest(sha: str, size: int, version: str, name: str = "btl-detector") -> dict:
    return {
        "schema": 1,
        "name": name,
        "version": version,
        "task": "detection",
        "file": "model.onnx",
        "sha256": sha,
        "input": _input_spec(size, "letterbox", padValue=114),
        "output": {"format": "yolov8", "names": ["output0"]},
        "classes": list(CATEGORIES),
        "categoryMap": {c: c for c in CATEGORIES},
    }


def embedder_manifest(sha: str, size: int, dim: int, version: str,
                      name: str = "btl-embedder") -> dict:
    return {
        "schema": 1,
        "name": name,
        "version": version,
        "task": "embedding",
        "file": "model.onnx",
        "sha256": sha,
        "input": _input_spec(size, "stretch"),
        "output": {"format": "embedding", "names": ["embedding"], "normalized": True},
        "dimension": dim,
    }


def write_json(path, obj):
    Path(path).write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def export_detector(model: Detector, folder, version: str, extra: dict | None = None) -> Path:
    """Writes folder/model.onnx and folder/model.json; returns the folder."""
    folder = Path(folder)
    onnx_path = folder / "model.onnx"
    dummy = torch.rand(1, 3, model.size, model.size)
    _export(DetectorExport(model), dummy, onnx_path, "images", "output0")
    write_json(folder / "model.json", detector_manifest(sha256_of(onnx_path), model.size, version))
    if extra is not None:
        write_json(folder / "training.json", extra)
    return folder


def export_embedder(model: Embedder, folder, size: int, version: str,
                    extra: dict | None = None) -> Path:
    folder = Path(folder)
    onnx_path = folder / "model.onnx"
    dummy = torch.rand(2, 3, size, size)
    _export(model, dummy, onnx_path, "images", "embedding")
    dim = model.fc.out_features
    write_json(folder / "model.json", embedder_manifest(sha256_of(onnx_path), size, dim, version))
    if extra is not None:
        write_json(folder / "training.json", extra)
    return folder
