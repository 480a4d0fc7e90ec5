"""Writes the small 'bring your own model' fixtures of ModelLoadChecksTest: embedders whose
input is float16 or uint8, one with symbolic height and width that works only at 32x32 (it
flattens into a fixed-size MatMul), and the same graph declared at 32x32 in its manifest.

Run from the repository root (needs onnx and numpy, infra/training/requirements.txt):
    python3 shared/vision/src/test/python/make_byo_models.py
"""
import hashlib
import json
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "models"
D = 4


def embedder(elem, side, folder, manifest_side):
    """images [N, 3, side, side] of type elem → Cast float → Flatten → MatMul → [N, D]."""
    h = w = side if side else None
    dims = ["N", 3, h if h else "H", w if w else "W"]
    x = helper.make_tensor_value_info("pixels", elem, dims)
    y = helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["N", D])
    k = 3 * 32 * 32
    weights = numpy_helper.from_array(
        np.random.default_rng(7).normal(size=(k, D)).astype(np.float32), "w")
    nodes = [
        helper.make_node("Cast", ["pixels"], ["xf"], to=TensorProto.FLOAT),
        helper.make_node("Flatten", ["xf"], ["flat"], axis=1),
        helper.make_node("MatMul", ["flat", "w"], ["embedding"]),
    ]
    graph = helper.make_graph(nodes, folder, [x], [y], [weights])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    d = OUT / folder
    d.mkdir(parents=True, exist_ok=True)
    data = model.SerializeToString()
    (d / "model.onnx").write_bytes(data)
    manifest = {
        "schema": 1, "name": folder, "version": "1", "task": "embedding", "file": "model.onnx",
        "input": {"name": "pixels", "width": manifest_side, "height": manifest_side,
                  "colorOrder": "RGB", "layout": "NCHW", "scale": 255.0,
                  "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "resize": "stretch",
                  "padValue": 0},
        "output": {"format": "embedding", "names": ["embedding"], "normalized": False},
        "dimension": D,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (d / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")


def main():
    embedder(TensorProto.FLOAT16, 32, "byo-fp16", 32)
    embedder(TensorProto.UINT8, 32, "byo-uint8", 32)
    embedder(TensorProto.FLOAT, None, "byo-symbolic-wrong-size", 64)
    embedder(TensorProto.FLOAT, None, "byo-symbolic", 32)


if __name__ == "__main__":
    main()
