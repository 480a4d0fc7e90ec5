"""Checks a model folder against the model.json contract of infra/models/README.md."""

import hashlib
import json
from pathlib import Path

import numpy as np

CATEGORIES = ["bags", "belts", "dresses", "eyewear", "footwear", "hats", "leggings",
              "outerwear", "pants", "skirts", "tops"]


def check_model_folder(folder: Path, run_model: bool = True) -> dict:
    m = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    for key in ("schema", "name", "version", "task", "file", "sha256", "input", "output"):
        assert key in m, f"{folder}: model.json lacks {key}"
    assert m["schema"] == 1
    assert m["task"] in ("detection", "embedding")
    onnx_path = folder / m["file"]
    assert onnx_path.is_file()
    assert hashlib.sha256(onnx_path.read_bytes()).hexdigest() == m["sha256"]
    inp = m["input"]
    for key in ("name", "width", "height", "colorOrder", "layout", "scale", "mean", "std", "resize"):
        assert key in inp, f"input lacks {key}"
    assert inp["colorOrder"] in ("RGB", "BGR") and inp["layout"] == "NCHW"
    assert inp["resize"] in ("letterbox", "stretch")
    assert len(inp["mean"]) == 3 and len(inp["std"]) == 3 and all(s > 0 for s in inp["std"])
    if inp["resize"] == "letterbox":
        assert 0 <= inp["padValue"] <= 255
    out = m["output"]
    assert isinstance(out["names"], list) and out["names"]
    if m["task"] == "detection":
        assert out["format"] in ("yolov8", "yolov8-seg", "rcnn")
        classes = m["classes"]
        assert len(classes) == len(set(classes)) > 0
        assert set(m["categoryMap"]) <= set(classes)
        assert set(m["categoryMap"].values()) <= set(CATEGORIES)
    else:
        assert out["format"] == "embedding"
        assert isinstance(m["dimension"], int) and m["dimension"] > 0
    if run_model:
        import onnxruntime as ort

        sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
        assert [i.name for i in sess.get_inputs()] == [inp["name"]]
        assert [o.name for o in sess.get_outputs()] == out["names"]
        x = np.random.default_rng(0).random((2, 3, inp["height"], inp["width"]), np.float32)
        y = sess.run(out["names"], {inp["name"]: x})[0]
        if m["task"] == "detection":
            assert y.shape[:2] == (2, 4 + len(m["classes"]))
            scores = y[:, 4:]
            assert scores.min() >= 0 and scores.max() <= 1
        else:
            assert y.shape == (2, m["dimension"])
            if out.get("normalized"):
                assert np.allclose(np.linalg.norm(y, axis=1), 1, atol=1e-4)
    return m
