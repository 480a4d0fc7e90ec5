"""The COCO detection reader on a small Fashionpedia-style file written here, and the
street2shop copy that the pack builder reads."""

import json

import numpy as np
import pytest
from PIL import Image

from btl_train.coco import category_of, read_coco, write_street2shop
from btl_train.data import CATEGORIES, TRAIN, build_pack, load_pack, read_dataset


def _coco(tmp_path):
    (tmp_path / "imgs").mkdir()
    for name, colour in (("a.jpg", (200, 30, 30)), ("b.png", (30, 30, 200))):
        Image.new("RGB", (64, 48), colour).save(tmp_path / "imgs" / name)
    doc = {
        "images": [{"id": 7, "file_name": "a.jpg", "width": 64, "height": 48},
                   {"id": 8, "file_name": "b.png", "width": 64, "height": 48},
                   {"id": 9, "file_name": "gone.jpg", "width": 64, "height": 48}],
        "annotations": [
            {"id": 1, "image_id": 7, "category_id": 0, "bbox": [2, 3, 20, 30], "iscrowd": 0},
            {"id": 2, "image_id": 7, "category_id": 31, "bbox": [2, 3, 5, 5], "iscrowd": 0},
            {"id": 3, "image_id": 8, "category_id": 23, "bbox": [10, 20, 30, 20], "iscrowd": 0},
            {"id": 4, "image_id": 8, "category_id": 23, "bbox": [0, 0, 64, 48], "iscrowd": 1},
            {"id": 5, "image_id": 9, "category_id": 23, "bbox": [0, 0, 8, 8], "iscrowd": 0}],
        "categories": [{"id": 0, "name": "shirt, blouse"}, {"id": 23, "name": "shoe"},
                       {"id": 31, "name": "sleeve"}],
    }
    path = tmp_path / "instances.json"
    path.write_text(json.dumps(doc))
    return path


def test_boxes_map_by_name_and_the_rest_is_counted(tmp_path):
    coco = read_coco(_coco(tmp_path), tmp_path / "imgs")
    assert sorted(coco.images) == [7, 8]
    assert [(b.image, CATEGORIES[b.category], b.box) for b in coco.boxes] == [
        (7, "tops", (2.0, 3.0, 20.0, 30.0)), (8, "footwear", (10.0, 20.0, 30.0, 20.0))]
    assert coco.skipped == {"image missing": 1, "box of a missing image": 1, "crowd box": 1,
                            "box of a category with no catalog category": 1}


def test_names_of_the_ready_maps():
    assert category_of("short_sleeved_shirt") == "tops"
    assert category_of("vest dress") == "dresses"
    assert category_of("tights, stockings") == "leggings"
    assert category_of("sleeve") is None
    assert category_of("bags") == "bags"


def test_the_street2shop_copy_packs_for_detector_training(tmp_path):
    coco = read_coco(_coco(tmp_path), tmp_path / "imgs")
    out = tmp_path / "s2s"
    assert write_street2shop(coco, out) == 2
    ds = read_dataset(out)
    assert [(it.photo, CATEGORIES[it.category], it.box, it.split) for it in ds.items] == [
        (8, "footwear", (10.0, 20.0, 30.0, 20.0), TRAIN), (7, "tops", (2.0, 3.0, 20.0, 30.0), TRAIN)]
    build_pack(out, tmp_path / "p.npz", shop_size=32)
    pack = load_pack(tmp_path / "p.npz")
    assert len(pack.street) == 2 and len(pack.shop) == 0
    boxes, labels = pack.boxes_of(0)  # photos sorted by id: 7 first
    assert np.allclose(boxes, [[2, 3, 22, 33]]) and labels.tolist() == [CATEGORIES.index("tops")]


def test_a_file_without_coco_arrays_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{\"images\": []}")
    with pytest.raises(ValueError, match="has no 'annotations' array"):
        read_coco(path)
