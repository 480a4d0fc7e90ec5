"""Domain-randomised training: merged packs of several draws, warm start from an exported
model, and the photo test that keeps wallpapers' photographs and drops their drawings."""

import numpy as np
import torch
from PIL import Image

from btl_train.backgrounds import is_holdout, photo_score
from btl_train.data import ID_STRIDE, build_pack, load_pack
from btl_train.detector import Detector, DetectorExport
from btl_train.embedder import Embedder
from btl_train.export import export_detector, export_embedder
from btl_train.fakedata import write_fake_dataset
from btl_train.warmstart import load_onnx_weights

from test_export import _randomise_bn


def test_packs_of_two_draws_merge_without_sharing_ids(tmp_path, fake_data):
    other = write_fake_dataset(tmp_path / "other", products_per_category=3, street_photos=10,
                               seed=2)
    one = build_pack(fake_data, tmp_path / "one.npz", shop_size=48)
    two = build_pack(other, tmp_path / "two.npz", shop_size=48)
    both = build_pack([fake_data, other], tmp_path / "both.npz", shop_size=48)
    assert both["street_photos"] == one["street_photos"] + two["street_photos"]
    assert both["items"] == one["items"] + two["items"]
    assert both["shop_photos"] == one["shop_photos"] + two["shop_photos"]
    p1, p2, pb = (load_pack(tmp_path / f"{n}.npz") for n in ("one", "two", "both"))
    n1 = len(p1.street_ids)
    # the second draw's photos follow the first's, with their items pointing at them
    second = pb.items[len(p1.items):]
    assert (second[:, 0] >= n1).all()
    assert np.array_equal(second[:, 2], p2.items[:, 2] + ID_STRIDE)
    assert np.array_equal(pb.street[n1:n1 + len(p2.street_ids), :p2.street.shape[1],
                                    :p2.street.shape[2]], p2.street)
    # products of the two draws never share an id or a twin group
    g = pb.product_groups
    first, rest = g[g[:, 0] < ID_STRIDE], g[g[:, 0] >= ID_STRIDE]
    assert len(first) == len(p1.product_groups) and len(rest) == len(p2.product_groups)
    assert not set(first[:, 1].tolist()) & set(rest[:, 1].tolist())


def test_warm_start_reproduces_the_exported_detector(tmp_path):
    torch.manual_seed(0)
    src = _randomise_bn(Detector(size=320)).eval()
    export_detector(src, tmp_path / "det", "test")
    fresh = Detector(size=320)
    calib = torch.rand(4, 3, 320, 320)
    info = load_onnx_weights(fresh, DetectorExport(fresh), tmp_path / "det" / "model.onnx", calib)
    assert info["convolutions"] == sum(isinstance(m, torch.nn.Conv2d) for m in fresh.modules())
    with torch.no_grad():
        a = DetectorExport(src).eval()(calib)
        b = DetectorExport(fresh).eval()(calib)
    assert torch.allclose(a, b, atol=1e-3 * 320)
    # in training mode, on the calibration batch, the rebuilt BatchNorms give the same answer
    fresh.train()
    with torch.no_grad():
        c = DetectorExport(fresh)(calib)
    assert torch.allclose(a, c, atol=1e-2 * 320)


def test_warm_start_reproduces_the_exported_embedder(tmp_path):
    torch.manual_seed(1)
    src = _randomise_bn(Embedder(dim=128)).eval()
    export_embedder(src, tmp_path / "emb", 96, "test")
    fresh = Embedder(dim=128)
    calib = torch.rand(8, 3, 96, 96)
    load_onnx_weights(fresh, fresh, tmp_path / "emb" / "model.onnx", calib)
    with torch.no_grad():
        assert torch.allclose(src(calib), fresh.eval()(calib), atol=1e-4)


def test_warm_start_refuses_another_architecture(tmp_path):
    export_embedder(Embedder(dim=128).eval(), tmp_path / "emb", 96, "test")
    other = Embedder(dim=128, widths=(16, 32, 64, 128))
    try:
        load_onnx_weights(other, other, tmp_path / "emb" / "model.onnx", torch.rand(2, 3, 96, 96))
    except ValueError as e:
        assert "shape" in str(e) or "architecture" in str(e)
    else:
        raise AssertionError("a model of other widths was loaded")


def test_photo_score_tells_photographs_from_flat_drawings():
    rng = np.random.default_rng(0)
    # a photograph-like picture: smooth shading plus sensor noise and texture
    y, x = np.mgrid[0:300, 0:400]
    base = np.stack([x / 400 * 180 + 40, y / 300 * 120 + 60, (x + y) / 700 * 90 + 80], -1)
    photo = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    # a drawing: three flat colours
    drawing = np.zeros((300, 400, 3), np.uint8)
    drawing[:, :150] = (30, 90, 200)
    drawing[:, 150:] = (240, 200, 40)
    drawing[100:200, 100:300] = (250, 250, 250)
    assert photo_score(Image.fromarray(photo))[0] > 0.5
    assert photo_score(Image.fromarray(drawing))[0] < 0.1


def test_the_holdout_split_depends_on_the_name_only():
    names = [f"pic{i}" for i in range(200)]
    held = [n for n in names if is_holdout(n, 0.3)]
    assert held == [n for n in names if is_holdout(n, 0.3)]
    assert 40 <= len(held) <= 80
