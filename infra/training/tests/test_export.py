"""ONNX export parity (ONNX Runtime equals PyTorch) and the manifests, on untrained tiny inputs;
plus the committed default models in infra/models when they are there."""

from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch

from btl_train.detector import Detector, DetectorExport
from btl_train.embedder import Embedder
from btl_train.export import export_detector, export_embedder
from manifest_check import check_model_folder

MODELS = Path(__file__).resolve().parents[2] / "models"


def _randomise_bn(model):
    # non-trivial BatchNorm statistics, so that folding them is tested too
    g = torch.Generator().manual_seed(0)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
    return model.eval()


def _ort(path):
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_embedder_export_parity_and_manifest(tmp_path):
    torch.manual_seed(0)
    model = _randomise_bn(Embedder(dim=128))
    folder = export_embedder(model, tmp_path / "embedder", 96, "test")
    m = check_model_folder(folder)
    assert m["dimension"] == 128 and m["input"]["width"] == 96
    sess = _ort(folder / "model.onnx")
    for n in (1, 3):  # dynamic batch
        x = torch.rand(n, 3, 96, 96)
        with torch.no_grad():
            ref = model(x).numpy()
        got = sess.run(["embedding"], {"images": x.numpy()})[0]
        np.testing.assert_allclose(got, ref, atol=1e-4, rtol=1e-4)


def test_detector_export_parity_and_manifest(tmp_path):
    torch.manual_seed(0)
    model = _randomise_bn(Detector(size=320))
    folder = export_detector(model, tmp_path / "detector", "test")
    m = check_model_folder(folder)
    assert m["output"]["format"] == "yolov8" and m["input"]["resize"] == "letterbox"
    assert m["categoryMap"] == {c: c for c in m["classes"]}
    sess = _ort(folder / "model.onnx")
    for n in (1, 2):
        x = torch.rand(n, 3, 320, 320)
        with torch.no_grad():
            ref = DetectorExport(model)(x).numpy()
        got = sess.run(["output0"], {"images": x.numpy()})[0]
        assert got.shape == (n, 4 + 11, 40 * 40 + 20 * 20)
        np.testing.assert_allclose(got[:, 4:], ref[:, 4:], atol=1e-4)
        # box coordinates are in pixels (0..320): 1e-4 relative to the input size
        np.testing.assert_allclose(got[:, :4], ref[:, :4], atol=1e-4 * 320)


@pytest.mark.parametrize("name", ["detector", "embedder"])
def test_committed_default_models(name):
    folder = MODELS / name
    if not (folder / "model.json").exists():
        pytest.skip(f"no default model in {folder} yet")
    m = check_model_folder(folder)
    assert (folder / m["file"]).stat().st_size <= 20 * 1024 * 1024
    if name == "detector":
        assert m["task"] == "detection" and len(m["classes"]) == 11
    else:
        assert m["task"] == "embedding" and m["dimension"] == 128
