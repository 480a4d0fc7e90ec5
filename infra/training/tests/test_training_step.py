"""One tiny training step (a few, on the same batch) lowers the loss of each model."""

import numpy as np
import torch

from btl_train import ops
from btl_train.detector import Detector, anchor_points, assign, detection_loss, pad_targets
from btl_train.embedder import Embedder, batch_hard_triplet_loss, triplet_loss


def _patterned(product: int, n: int, size: int, gen) -> torch.Tensor:
    """n noisy views of a per-product stripe pattern."""
    g = torch.Generator().manual_seed(product)
    colour = torch.rand(3, 1, 1, generator=g)
    period = 2 + product % 5
    xs = torch.arange(size)
    stripes = ((xs // period) % 2).float()[None, None, :].expand(1, size, size)
    img = colour * stripes + (1 - colour) * (1 - stripes)
    return (img[None].repeat(n, 1, 1, 1) + 0.05 * torch.randn(n, 3, size, size, generator=gen)).clamp(0, 1)


def test_embedder_batch_hard_step_lowers_loss():
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    model = Embedder(dim=128, widths=(8, 16, 32, 64))  # the same network, narrower
    x = torch.cat([_patterned(p, 4, 32, gen) for p in range(6)])
    y = torch.arange(6).repeat_interleave(4)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    with torch.no_grad():
        first, _ = batch_hard_triplet_loss(model(x), y, 0.3)
    for _ in range(6):
        loss, _ = batch_hard_triplet_loss(model(x), y, 0.3)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        e = model(x)
        after, _ = batch_hard_triplet_loss(e, y, 0.3)
    assert torch.allclose(e.norm(dim=1), torch.ones(len(e)), atol=1e-5)
    assert float(after) < float(first)


def test_offline_triplet_loss_matches_definition():
    a = torch.nn.functional.normalize(torch.randn(5, 8), dim=1)
    p = torch.nn.functional.normalize(torch.randn(5, 8), dim=1)
    n = torch.nn.functional.normalize(torch.randn(5, 8), dim=1)
    loss, _ = triplet_loss(a, p, n, 0.5)
    ref = torch.relu((a - p).norm(dim=1) - (a - n).norm(dim=1) + 0.5).mean()
    assert torch.allclose(loss, ref)


def test_batch_hard_picks_hardest():
    e = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.6, 0.8]])
    y = torch.tensor([0, 0, 1, 1])
    loss, _ = batch_hard_triplet_loss(e, y, 0.0)
    # anchor 0: hardest pos = item 1 (dist √2), hardest neg = item 2 (dist 0) → √2
    d = torch.cdist(e, e)
    expected = torch.stack([
        torch.relu(d[0, 1] - d[0, 2:].min()), torch.relu(d[1, 0] - d[1, 2:].min()),
        torch.relu(d[2, 3] - d[2, :2].min()), torch.relu(d[3, 2] - d[3, :2].min())]).mean()
    assert torch.allclose(loss, expected)


def test_detector_step_lowers_loss():
    torch.manual_seed(0)
    size = 128
    model = Detector(size=size, widths=(8, 8, 16, 32, 32), fpn=16)  # narrower, same code
    points, strides = anchor_points(size)
    x = torch.full((2, 3, size, size), 114 / 255.0)
    x[0, :, 20:60, 30:90] = torch.tensor([0.9, 0.1, 0.1])[:, None, None]
    x[1, :, 70:120, 10:40] = torch.tensor([0.1, 0.2, 0.9])[:, None, None]
    boxes, labels, valid = pad_targets([
        (torch.tensor([[30.0, 20.0, 90.0, 60.0]]), torch.tensor([2])),
        (torch.tensor([[10.0, 70.0, 40.0, 120.0], [0.0, 0.0, 5.0, 5.0]]), torch.tensor([8, 1]))])
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    model.train()
    losses = []
    for _ in range(6):
        cls, reg = model(x)
        loss, _, _ = detection_loss(cls, reg, points, strides, boxes, labels, valid)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < losses[0]


def test_assign_gives_tiny_and_large_boxes_positives():
    points, strides = anchor_points(320)
    boxes = torch.tensor([[100.0, 100.0, 106.0, 103.0], [20.0, 30.0, 260.0, 300.0]])
    idx = assign(points, strides, boxes[None], torch.tensor([[True, True]]))[0]
    assert (idx == 0).sum() >= 1  # a 6×3 box still gets one point
    assert (idx == 1).sum() >= 4
    # the large box is handled by the stride-16 level only
    assert set(strides[idx == 1].tolist()) == {16.0}
    # padding rows are never assigned
    idx2 = assign(points, strides, boxes[None], torch.tensor([[True, False]]))[0]
    assert (idx2 == 1).sum() == 0 and (idx2 == 0).sum() >= 1


def test_nms_matches_brute_force():
    g = torch.Generator().manual_seed(3)
    xy = torch.rand(60, 2, generator=g) * 100
    wh = torch.rand(60, 2, generator=g) * 40 + 5
    boxes = torch.cat([xy, xy + wh], 1)
    scores = torch.rand(60, generator=g)
    keep = ops.nms(boxes, scores, 0.5).tolist()
    order = scores.argsort(descending=True).tolist()
    ref = []
    iou = ops.box_iou(boxes, boxes)
    for i in order:
        if all(iou[i, j] <= 0.5 for j in ref):
            ref.append(i)
    assert keep == ref


def test_letterbox_matches_ultralytics_convention():
    s, nw, nh, left, top = ops.letterbox_params(384, 512, 320)
    assert (nw, nh) == (240, 320) and (left, top) == (40, 0) and abs(s - 0.625) < 1e-9
    im = ops.Image.fromarray(np.zeros((512, 384, 3), np.uint8))
    a, s2, l2, t2 = ops.letterbox_pil(im, 320)
    assert a.shape == (320, 320, 3) and a[0, 0, 0] == 114 and a[0, 40, 0] == 0


def test_batch_hard_ignores_colour_twins():
    # anchor 0's nearest other-product sample is its twin (same group): not a negative
    e = torch.tensor([[1.0, 0.0], [0.8, 0.6], [0.99, 0.141], [0.0, 1.0]])
    y = torch.tensor([0, 0, 1, 2])
    g = torch.tensor([10, 10, 10, 20])
    with_twins, _ = batch_hard_triplet_loss(e, y, 0.5)
    apart, _ = batch_hard_triplet_loss(e, y, 0.5, g)
    assert float(apart) < float(with_twins)


def test_budget_fitter_shortens_schedule():
    from btl_train.embedder import BudgetFitter, Schedule

    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    sched = Schedule(opt, 1.0, total=10_000, warmup=100)
    fit = BudgetFitter(budget_s=100.0)
    total = 10_000
    for step in range(1, 41):
        total = fit.update(step, train_s=step * 0.5, sched=sched)  # 0.5 s a step
    assert total == 40 + int((100 - 20) / 0.5) == sched.total
    assert sched.warmup <= total // 10
