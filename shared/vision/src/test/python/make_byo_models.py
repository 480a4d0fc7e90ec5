"""Writes the small 'bring your own model' fixtures of ModelLoadChecksTest and
RowOutputsTest: embedders whose input is float16 or uint8, one with symbolic height and width
that works only at 32x32 (it flattens into a fixed-size MatMul), the same graph declared at
32x32 in its manifest; and detectors whose output is a fixed tensor in the end-to-end layout
[1, K, 6] (in pixels and normalised) and YOLOv5's [1, A, 5 + C].

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


CLASSES = ["top", "skirt", "shoe", "hat"]
END2END = [[10, 10, 30, 40, 0.9, 0], [40, 20, 60, 50, 0.8, 2], [5, 5, 20, 20, 0.7, 3],
           [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]
YOLOV5 = [[20, 25, 20, 30, 0.9, 0.9, 0.1, 0, 0], [20, 25, 20, 30, 0.5, 0.9, 0, 0, 0],
          [50, 35, 20, 30, 0.8, 0, 0, 1.0, 0], [30, 30, 10, 10, 0.01, 1.0, 0, 0, 0]]


def detector(folder, fmt, rows, normalized=False):
    """images [1, 3, 64, 64] → a constant [1, K, R] (plus 0 × the input's mean)."""
    table = np.array([rows], dtype=np.float32)
    if normalized:
        table[..., :4] /= 64.0
    x = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 64, 64])
    y = helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(table.shape))
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["m"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Mul", ["m", "zero"], ["z"]),
        helper.make_node("Add", ["table", "z"], ["output0"]),
    ]
    inits = [numpy_helper.from_array(table, "table"),
             numpy_helper.from_array(np.zeros([1], np.float32), "zero")]
    graph = helper.make_graph(nodes, folder, [x], [y], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    d = OUT / folder
    d.mkdir(parents=True, exist_ok=True)
    data = model.SerializeToString()
    (d / "model.onnx").write_bytes(data)
    output = {"format": fmt, "names": ["output0"]}
    if normalized:
        output["normalizedBoxes"] = True
    manifest = {
        "schema": 1, "name": folder, "version": "1", "task": "detection", "file": "model.onnx",
        "input": {"name": "images", "width": 64, "height": 64, "colorOrder": "RGB",
                  "layout": "NCHW", "scale": 255.0, "mean": [0.0, 0.0, 0.0],
                  "std": [1.0, 1.0, 1.0], "resize": "letterbox", "padValue": 114},
        "output": output,
        "classes": CLASSES,
        "categoryMap": {"top": "tops", "skirt": "skirts", "shoe": "footwear"},
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (d / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")


def main():
    embedder(TensorProto.FLOAT16, 32, "byo-fp16", 32)
    embedder(TensorProto.UINT8, 32, "byo-uint8", 32)
    embedder(TensorProto.FLOAT, None, "byo-symbolic-wrong-size", 64)
    embedder(TensorProto.FLOAT, None, "byo-symbolic", 32)
    detector("byo-end2end", "yolo-end2end", END2END)
    detector("byo-end2end-normalized", "yolo-end2end", END2END, normalized=True)
    detector("byo-yolov5", "yolov5", YOLOV5)


if __name__ == "__main__":
    main()
