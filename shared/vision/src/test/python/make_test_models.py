#!/usr/bin/env python3
"""Writes the tiny ONNX fixtures that shared/vision's Java tests decode.

Each graph emits a tensor fixed here, whatever the input pixels are (the input only
feeds a multiply-by-zero so that ONNX Runtime keeps it), except the embedder, which is
a real if tiny network: global average pooling followed by a 3 x 4 matrix. The Java
tests state the expected decoded boxes, classes, scores and masks by hand from the
constants below, so a change here must be mirrored there.

    python3 -m pip install onnx numpy   # onnxruntime too, to run the self-check
    python3 shared/vision/src/test/python/make_test_models.py

Outputs go to shared/vision/src/test/resources/models/<name>/{model.onnx,model.json}.
"""
import hashlib
import json
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = pathlib.Path(__file__).resolve().parents[1] / "resources" / "models"
OPSET = 17

# Detector classes; "hat" is deliberately absent from the category map (dropped).
CLASSES = ["top", "skirt", "shoe", "hat"]
CATEGORY_MAP = {"top": "tops", "skirt": "skirts", "shoe": "footwear"}

# YOLO anchors: cx, cy, w, h in 64x64 letterboxed input pixels, then one score per class.
ANCHORS = [
    # cx    cy    w     h      top   skirt shoe  hat
    (20.0, 30.0, 10.0, 10.0, 0.90, 0.00, 0.00, 0.00),  # 0 kept: tops
    (21.0, 30.0, 10.0, 10.0, 0.80, 0.00, 0.00, 0.00),  # 1 IoU 0.82 with 0, same class: suppressed
    (20.0, 30.0, 10.0, 10.0, 0.00, 0.85, 0.00, 0.00),  # 2 same box as 0, other class: kept
    (40.0, 40.0, 8.0, 8.0, 0.03, 0.00, 0.00, 0.00),    # 3 below the 0.05 pre-NMS threshold
    (40.0, 24.0, 8.0, 8.0, 0.00, 0.00, 0.00, 0.95),    # 4 best class 'hat' is unmapped: dropped
    (50.0, 40.0, 12.0, 12.0, 0.10, 0.00, 0.70, 0.00),  # 5 kept: footwear 0.70
    (60.0, 20.0, 10.0, 10.0, 0.60, 0.00, 0.00, 0.00),  # 6 crosses the image's right edge: clipped
    (30.0, 30.0, 4.0, 4.0, 0.00, 0.00, 0.00, 0.00),    # 7 no score at all
]
MASK_DIM = 32
PROTO = 16  # 64 / 4


def zero_from(input_name, prefix):
    """Nodes giving a [1] float zero computed from the input, so the input stays in the graph."""
    return [
        helper.make_node("ReduceSum", [input_name], [prefix + "_sum"], keepdims=0),
        helper.make_node("Mul", [prefix + "_sum", prefix + "_k0"], [prefix + "_zero"]),
    ], [numpy_helper.from_array(np.zeros([1], np.float32), prefix + "_k0")]


def constant_output(input_name, out_name, value, tag):
    """Nodes and initialisers for out = value + 0 * sum(input)."""
    nodes, inits = zero_from(input_name, tag)
    inits.append(numpy_helper.from_array(value.astype(np.float32), tag + "_value"))
    nodes.append(helper.make_node("Add", [tag + "_value", tag + "_zero"], [out_name]))
    return nodes, inits


def write(name, graph, manifest):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="btl make_test_models.py")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    data = model.SerializeToString()
    (folder / "model.onnx").write_bytes(data)
    manifest = {"schema": 1, "name": "test-" + name, "version": "1", **manifest,
                "sha256": hashlib.sha256(data).hexdigest()}
    (folder / "model.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{folder}: {len(data)} bytes")
    return folder


def detection_input():
    return helper.make_tensor_value_info("images", TensorProto.FLOAT, ["N", 3, 64, 64])


def yolo_rows(with_masks):
    a = np.array(ANCHORS, np.float32).T  # [4 + C, A]
    if not with_masks:
        return a
    coef = np.zeros((MASK_DIM, a.shape[1]), np.float32)
    coef[0, 0] = 1.0  # anchor 0 uses prototype 0 (a rectangle)
    coef[1, 2] = 1.0  # anchor 2 uses prototype 1 (empty)
    coef[0, 5] = 1.0  # anchor 5 uses prototype 0 too
    return np.concatenate([a, coef], axis=0)


def letterbox_input(**extra):
    return {"name": "images", "width": 64, "height": 64, "colorOrder": "RGB", "layout": "NCHW",
            "scale": 255.0, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0],
            "resize": "letterbox", "padValue": 114, **extra}


def make_yolov8():
    rows = yolo_rows(False)[None]  # [1, 8, 8]
    nodes, inits = constant_output("images", "output0", rows, "det")
    graph = helper.make_graph(nodes, "yolov8", [detection_input()],
                              [helper.make_tensor_value_info("output0", TensorProto.FLOAT,
                                                             list(rows.shape))], inits)
    return write("yolov8", graph, {
        "task": "detection", "file": "model.onnx", "input": letterbox_input(),
        "output": {"format": "yolov8", "names": ["output0"]},
        "classes": CLASSES, "categoryMap": CATEGORY_MAP})


def make_yolov8_seg():
    rows = yolo_rows(True)[None]  # [1, 40, 8]
    protos = np.full((1, MASK_DIM, PROTO, PROTO), -10.0, np.float32)
    protos[0, 0, 7:10, 2:6] = 10.0  # prototype 0: rows 7..9, columns 2..5 of the 16x16 grid
    nodes, inits = constant_output("images", "output0", rows, "det")
    n2, i2 = constant_output("images", "output1", protos, "proto")
    graph = helper.make_graph(nodes + n2, "yolov8_seg", [detection_input()], [
        helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(rows.shape)),
        helper.make_tensor_value_info("output1", TensorProto.FLOAT, list(protos.shape))],
        inits + i2)
    return write("yolov8-seg", graph, {
        "task": "detection", "file": "model.onnx", "input": letterbox_input(),
        "output": {"format": "yolov8-seg", "names": ["output0", "output1"]},
        "classes": CLASSES, "categoryMap": CATEGORY_MAP})


def make_rcnn():
    # torchvision exports take one un-batched image [3, H, W] and return boxes in its pixels.
    classes = ["__background__", "top", "dress", "bag"]
    boxes = np.array([[8, 16, 24, 48],     # top 0.95
                      [10, 16, 26, 48],    # top 0.60, IoU 0.78 with the first: suppressed
                      [32, 8, 64, 40]],    # dress 0.88
                     np.float32)
    labels = np.array([1, 1, 2], np.int64)
    scores = np.array([0.95, 0.60, 0.88], np.float32)
    masks = np.zeros((3, 1, 64, 64), np.float32)
    masks[0, 0, 20:40, 10:20] = 0.9  # rows 20..39, columns 10..19 of the input
    masks[2, 0, 8:40, 32:64] = 0.7
    inp = helper.make_tensor_value_info("image", TensorProto.FLOAT, [3, 64, 64])
    nodes, inits = [], []
    for out, value in (("boxes", boxes), ("scores", scores), ("masks", masks)):
        n, i = constant_output("image", out, value, out)
        nodes += n
        inits += i
    inits.append(numpy_helper.from_array(labels, "labels_value"))
    nodes.append(helper.make_node("Identity", ["labels_value"], ["labels"]))
    graph = helper.make_graph(nodes, "rcnn", [inp], [
        helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [3, 4]),
        helper.make_tensor_value_info("labels", TensorProto.INT64, [3]),
        helper.make_tensor_value_info("scores", TensorProto.FLOAT, [3]),
        helper.make_tensor_value_info("masks", TensorProto.FLOAT, [3, 1, 64, 64])], inits)
    return write("rcnn", graph, {
        "task": "detection", "file": "model.onnx",
        "input": {"name": "image", "width": 64, "height": 64, "colorOrder": "RGB",
                  "layout": "NCHW", "scale": 255.0, "mean": [0.0, 0.0, 0.0],
                  "std": [1.0, 1.0, 1.0], "resize": "stretch"},
        "output": {"format": "rcnn", "names": ["boxes", "labels", "scores", "masks"]},
        "classes": classes, "categoryMap": {"top": "tops", "dress": "dresses", "bag": "bags"}})


def make_embedder():
    # e = mean_c(x) @ W + b with x = (pixel / 255 - 0.5) / 0.5, so a red crop gives
    # [1, -1, -1, -0.5] before the runner re-normalises it to unit length.
    w = np.array([[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]], np.float32)
    b = np.array([0, 0, 0, 0.5], np.float32)
    nodes = [helper.make_node("GlobalAveragePool", ["pixels"], ["pooled"]),
             helper.make_node("Flatten", ["pooled"], ["flat"], axis=1),
             helper.make_node("MatMul", ["flat", "w"], ["projected"]),
             helper.make_node("Add", ["projected", "b"], ["embedding"])]
    graph = helper.make_graph(
        nodes, "embedder",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, ["N", 3, 16, 16])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["N", 4])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    return write("embedder", graph, {
        "task": "embedding", "file": "model.onnx",
        "input": {"name": "pixels", "width": 16, "height": 16, "colorOrder": "RGB",
                  "layout": "NCHW", "scale": 255.0, "mean": [0.5, 0.5, 0.5],
                  "std": [0.5, 0.5, 0.5], "resize": "stretch", "padValue": 0},
        "output": {"format": "embedding", "names": ["embedding"], "normalized": False},
        "dimension": 4})


def self_check(folders):
    """Runs each fixture once in ONNX Runtime when it is installed."""
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: skipped the self-check")
        return
    for folder in folders:
        session = ort.InferenceSession(str(folder / "model.onnx"))
        meta = session.get_inputs()[0]
        shape = [1 if not isinstance(d, int) else d for d in meta.shape]
        outs = session.run(None, {meta.name: np.full(shape, 0.5, np.float32)})
        print(folder.name, [o.shape for o in outs])


if __name__ == "__main__":
    self_check([make_yolov8(), make_yolov8_seg(), make_rcnn(), make_embedder()])
