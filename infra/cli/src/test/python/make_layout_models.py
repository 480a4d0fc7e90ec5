"""Builds the small ONNX graphs of ByoLayoutsTest in every export layout that
'btl model import' reads, with random weights, into the folder given as the only argument:

  yolov8.onnx         images [1, 3, 640, 640] -> output0 [1, 4 + 13, 8400], strides 8/16/32,
                      with Ultralytics' metadata (names: DeepFashion2's 13, imgsz, task, stride)
  end2end.onnx        the same trunk, NMS-free head as Ultralytics nms=True / YOLOv10:
                      output0 [1, 300, 6] (x1, y1, x2, y2, score, class), names metadata
  yolov5.onnx         images [1, 3, 640, 640] -> output0 [1, 25200, 5 + 46], no metadata
                      (46 classes: Fashionpedia's, recognised by their number)
  vit.onnx            a ViT-style encoder: pixel_values [N, 3, 224, 224] -> 16x16 patches ->
                      attention -> image_embeds [N, 16] (and last_hidden_state [N, 196, 32])
  yolov8-fp16.onnx    yolov8 with a float16 input (half=True), which btl refuses
  yolov8-uint8.onnx   yolov8 with a uint8 input, which btl refuses
  unknown.onnx        an output [1, 1, 1, 8400] that is no layout btl reads

Every graph is checked with onnx.checker. Needs onnx and numpy (infra/training/requirements.txt).
"""
import pathlib
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DEEPFASHION2 = ["short_sleeved_shirt", "long_sleeved_shirt", "short_sleeved_outwear",
                "long_sleeved_outwear", "vest", "sling", "shorts", "trousers", "skirt",
                "short_sleeved_dress", "long_sleeved_dress", "vest_dress", "sling_dress"]
RNG = np.random.default_rng(15)


def init(name, shape, scale=0.1):
    return numpy_helper.from_array((RNG.normal(size=shape) * scale).astype(np.float32), name)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


class Graph:
    def __init__(self):
        self.nodes, self.inits = [], []

    def node(self, op, inputs, output, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    def conv(self, x, cin, cout, k, stride, name, pad=None):
        self.inits += [init(name + ".w", (cout, cin, k, k)), init(name + ".b", (cout,))]
        pad = k // 2 if pad is None else pad
        return self.node("Conv", [x, name + ".w", name + ".b"], name, kernel_shape=[k, k],
                         strides=[stride, stride], pads=[pad] * 4)

    def save(self, path, inputs, outputs, metadata=None):
        graph = helper.make_graph(self.nodes, path.stem, inputs, outputs, self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        model.ir_version = 8
        for k, v in (metadata or {}).items():
            model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
        onnx.checker.check_model(model)
        path.write_bytes(model.SerializeToString())


def trunk(g, x, channels):
    """Three scales at strides 8, 16, 32 of a 640 input: 80², 40², 20² = 8400 cells, each a
    1x1 conv head of `channels`, flattened and concatenated -> [1, channels, 8400]."""
    f8 = g.node("Relu", [g.conv(x, 3, 8, 3, 8, "stem")], "f8")
    f16 = g.node("Relu", [g.conv(f8, 8, 8, 3, 2, "down16")], "f16")
    f32 = g.node("Relu", [g.conv(f16, 8, 8, 3, 2, "down32")], "f32")
    g.inits.append(const("flat", np.array([1, channels, -1], np.int64)))
    heads = [g.node("Reshape", [g.conv(f, 8, channels, 1, 1, "head" + s), "flat"], "flat" + s)
             for f, s in ((f8, "8"), (f16, "16"), (f32, "32"))]
    return g.node("Concat", heads, "raw", axis=2)


def cells():
    """Centre x, y and the stride of each of the 8400 cells, in input pixels."""
    cx, cy, st = [], [], []
    for stride in (8, 16, 32):
        n = 640 // stride
        ys, xs = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        cx += list(((xs + 0.5) * stride).ravel())
        cy += list(((ys + 0.5) * stride).ravel())
        st += [stride] * (n * n)
    return np.array(cx, np.float32), np.array(cy, np.float32), np.array(st, np.float32)


def yolov8_head(g, raw, nc):
    """[1, 4 + nc, 8400]: boxes around each cell (4 strides wide, nudged by the net), sigmoid
    class scores."""
    cx, cy, st = cells()
    g.inits += [const("starts_box", np.array([0], np.int64)),
                const("ends_box", np.array([4], np.int64)),
                const("ends_cls", np.array([4 + nc], np.int64)),
                const("axis1", np.array([1], np.int64)),
                const("anchors", np.stack([cx, cy, st * 4, st * 6])[None]),
                const("nudge", np.stack([st, st, st, st])[None])]
    box = g.node("Slice", [raw, "starts_box", "ends_box", "axis1"], "box_raw")
    box = g.node("Tanh", [box], "box_t")
    box = g.node("Mul", [box, "nudge"], "box_n")
    box = g.node("Add", [box, "anchors"], "box")
    cls = g.node("Slice", [raw, "ends_box", "ends_cls", "axis1"], "cls_raw")
    cls = g.node("Sigmoid", [cls], "cls")
    return g.node("Concat", [box, cls], "output0", axis=1)


def image_input(name, elem, dims):
    return helper.make_tensor_value_info(name, elem, dims)


def yolov8(path, elem=TensorProto.FLOAT):
    g = Graph()
    x = "images"
    if elem != TensorProto.FLOAT:
        x = g.node("Cast", ["images"], "images_f", to=TensorProto.FLOAT)
    nc = len(DEEPFASHION2)
    yolov8_head(g, trunk(g, x, 4 + nc), nc)
    meta = {"description": "btl test graph in Ultralytics' YOLOv8 layout", "author": "btl",
            "task": "detect", "stride": "32", "batch": "1", "imgsz": "[640, 640]",
            "names": str(dict(enumerate(DEEPFASHION2)))}
    g.save(path, [image_input("images", elem, [1, 3, 640, 640])],
           [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 4 + nc, 8400])],
           meta)


def end2end(path):
    """The yolov8 trunk and head, then the 300 best cells: [1, 300, 6]."""
    g = Graph()
    nc = len(DEEPFASHION2)
    raw = yolov8_head(g, trunk(g, "images", 4 + nc), nc)
    g.nodes[-1].output[0] = "v8"
    rows = g.node("Transpose", ["v8"], "rows", perm=[0, 2, 1])  # [1, 8400, 17]
    g.inits += [const("i0", np.array([0], np.int64)), const("i1", np.array([1], np.int64)),
                const("i2", np.array([2], np.int64)), const("i3", np.array([3], np.int64)),
                const("i4", np.array([4], np.int64)), const("iend", np.array([4 + nc], np.int64)),
                const("ax2", np.array([2], np.int64)), const("half", np.array(0.5, np.float32)),
                const("k", np.array([300], np.int64))]
    part = {}
    for n, (a, b) in {"cx": ("i0", "i1"), "cy": ("i1", "i2"), "w": ("i2", "i3"),
                      "h": ("i3", "i4"), "cls": ("i4", "iend")}.items():
        part[n] = g.node("Slice", [rows, a, b, "ax2"], "p_" + n)
    hw = g.node("Mul", [part["w"], "half"], "hw")
    hh = g.node("Mul", [part["h"], "half"], "hh")
    x1 = g.node("Sub", [part["cx"], hw], "x1")
    y1 = g.node("Sub", [part["cy"], hh], "y1")
    x2 = g.node("Add", [part["cx"], hw], "x2")
    y2 = g.node("Add", [part["cy"], hh], "y2")
    score = g.node("ReduceMax", [part["cls"]], "score", axes=[2], keepdims=1)
    label = g.node("ArgMax", [part["cls"]], "label_i", axis=2, keepdims=1)
    label = g.node("Cast", [label], "label", to=TensorProto.FLOAT)
    table = g.node("Concat", [x1, y1, x2, y2, score, label], "table", axis=2)  # [1, 8400, 6]
    flat = g.node("Squeeze", [score, "i2"], "score_flat")  # [1, 8400]
    g.nodes.append(helper.make_node("TopK", [flat, "k"], ["top_v", "top_i"], axis=1))
    idx = g.node("Squeeze", ["top_i", "i0"], "idx")  # [300]
    sq = g.node("Squeeze", [table, "i0"], "table2")  # [8400, 6]
    picked = g.node("Gather", [sq, idx], "picked", axis=0)  # [300, 6]
    g.node("Unsqueeze", [picked, "i0"], "output0")
    meta = {"task": "detect", "imgsz": "[640, 640]", "stride": "32", "end2end": "True",
            "names": str(dict(enumerate(DEEPFASHION2)))}
    g.save(path, [image_input("images", TensorProto.FLOAT, [1, 3, 640, 640])],
           [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 300, 6])], meta)


def yolov5(path):
    """[1, 25200, 5 + 46]: three anchor boxes per cell, objectness, 46 class scores."""
    g = Graph()
    nc = 46
    c = 5 + nc
    raw = trunk(g, "images", c)  # [1, 51, 8400]
    cx, cy, st = cells()
    anchors = [np.stack([cx, cy, st * s, st * s * 1.5, np.zeros_like(cx)]) for s in (2, 4, 8)]
    g.inits += [const("i0", np.array([0], np.int64)), const("i5", np.array([5], np.int64)),
                const("ic", np.array([c], np.int64)), const("ax1", np.array([1], np.int64)),
                const("mask", np.array([0, 0, 0, 0, 1], np.float32)[None, :, None])]
    scores = g.node("Sigmoid", [raw], "s")
    box_obj = g.node("Mul", [g.node("Slice", [scores, "i0", "i5", "ax1"], "s5"), "mask"], "obj")
    cls = g.node("Slice", [scores, "i5", "ic", "ax1"], "cls")
    tables = []
    for i, a in enumerate(anchors):
        # the box from the anchor, objectness and class scores from the net
        g.inits.append(const("anchor%d" % i, a[None]))
        t = g.node("Add", [box_obj, "anchor%d" % i], "t%d" % i)
        tables.append(g.node("Concat", [t, cls], "r%d" % i, axis=1))
    cat = g.node("Concat", tables, "cat", axis=2)  # [1, 51, 25200]
    g.node("Transpose", [cat], "output0", perm=[0, 2, 1])
    g.save(path, [image_input("images", TensorProto.FLOAT, [1, 3, 640, 640])],
           [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 25200, c])])


def vit(path):
    """16x16 patches -> tokens [N, 196, 32] -> one self-attention layer -> mean -> [N, 16]."""
    g = Graph()
    d = 32
    patches = g.conv("pixel_values", 3, d, 16, 16, "patch", pad=0)  # [N, 32, 14, 14]
    g.inits += [const("tok_shape", np.array([0, d, -1], np.int64)),
                init("wq", (d, d)), init("wk", (d, d)), init("wv", (d, d)),
                init("proj", (d, 16), 0.3), const("ln_s", np.ones(d, np.float32)),
                const("ln_b", np.zeros(d, np.float32)),
                const("inv_sqrt_d", np.array(1 / np.sqrt(d), np.float32))]
    tok = g.node("Reshape", [patches, "tok_shape"], "tok_t")
    tok = g.node("Transpose", [tok], "tok", perm=[0, 2, 1])  # [N, 196, 32]
    ln = g.node("LayerNormalization", [tok, "ln_s", "ln_b"], "ln", axis=-1)
    q = g.node("MatMul", [ln, "wq"], "q")
    k = g.node("MatMul", [ln, "wk"], "k")
    v = g.node("MatMul", [ln, "wv"], "v")
    kt = g.node("Transpose", [k], "kt", perm=[0, 2, 1])
    att = g.node("Softmax", [g.node("Mul", [g.node("MatMul", [q, kt], "qk"), "inv_sqrt_d"],
                                    "qk_s")], "att", axis=-1)
    hidden = g.node("Add", [tok, g.node("MatMul", [att, v], "av")], "last_hidden_state")
    pooled = g.node("ReduceMean", [hidden], "pooled", axes=[1], keepdims=0)
    g.node("MatMul", [pooled, "proj"], "image_embeds")
    g.save(path, [image_input("pixel_values", TensorProto.FLOAT, ["N", 3, 224, 224])],
           [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["N", 16]),
            helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                          ["N", 196, d])])


def unknown(path):
    g = Graph()
    g.inits.append(const("flat2", np.array([1, 1, 1, -1], np.int64)))
    raw = trunk(g, "images", 1)
    g.node("Reshape", [raw, "flat2"], "output0")
    g.save(path, [image_input("images", TensorProto.FLOAT, [1, 3, 640, 640])],
           [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 1, 1, 8400])])


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    yolov8(out / "yolov8.onnx")
    end2end(out / "end2end.onnx")
    yolov5(out / "yolov5.onnx")
    vit(out / "vit.onnx")
    yolov8(out / "yolov8-fp16.onnx", TensorProto.FLOAT16)
    yolov8(out / "yolov8-uint8.onnx", TensorProto.UINT8)
    unknown(out / "unknown.onnx")


if __name__ == "__main__":
    main()
