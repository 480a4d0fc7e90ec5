"""Image and box operations shared by training, evaluation and export (no torchvision).

Conventions: images as float tensors [N, 3, H, W] in 0..1 (RGB) unless said otherwise; boxes as
x0, y0, x1, y1 in pixels.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

PAD_VALUE = 114


# --------------------------------------------------------------------------------------------
# Letterbox (the detector's input) and crops (the embedder's input), as the runners do them


def letterbox_params(w: int, h: int, size: int) -> tuple[float, int, int, int, int]:
    """Scale, resized width/height and the left/top padding of the Ultralytics letterbox:
    keep aspect, fit inside size×size, pad evenly on both sides."""
    s = min(size / w, size / h)
    # Java's Math.round (half up), as the runner computes it
    nw = max(1, min(size, int(math.floor(w * s + 0.5))))
    nh = max(1, min(size, int(math.floor(h * s + 0.5))))
    left, top = (size - nw) // 2, (size - nh) // 2
    return s, nw, nh, left, top


def letterbox_pil(im: Image.Image, size: int) -> tuple[np.ndarray, float, int, int]:
    """Letterboxes a PIL image to size×size (pad 114); returns HWC uint8, scale, left, top."""
    w, h = im.size
    s, nw, nh, left, top = letterbox_params(w, h, size)
    canvas = np.full((size, size, 3), PAD_VALUE, dtype=np.uint8)
    canvas[top : top + nh, left : left + nw] = np.asarray(im.resize((nw, nh), Image.BILINEAR))
    return canvas, s, left, top


def crop_box_pixels(box, w: int, h: int) -> tuple[int, int, int, int]:
    """Integer crop rectangle x0, y0, x1, y1 of a float box, clamped, at least 1×1."""
    x0 = int(math.floor(max(0.0, min(box[0], w - 1))))
    y0 = int(math.floor(max(0.0, min(box[1], h - 1))))
    x1 = int(math.ceil(max(x0 + 1, min(box[2], w))))
    y1 = int(math.ceil(max(y0 + 1, min(box[3], h))))
    return x0, y0, x1, y1


def crop_resize_pil(im: Image.Image, box, size: int) -> np.ndarray:
    """Crops box (x0, y0, x1, y1) from a PIL image and stretches it to size×size."""
    x0, y0, x1, y1 = crop_box_pixels(box, *im.size)
    return np.asarray(im.crop((x0, y0, x1, y1)).resize((size, size), Image.BILINEAR))


def to_tensor_u8(a: np.ndarray) -> torch.Tensor:
    """HWC or NHWC uint8 → NCHW uint8 tensor."""
    t = torch.from_numpy(np.ascontiguousarray(a))
    if t.dim() == 3:
        t = t.unsqueeze(0)
    return t.permute(0, 3, 1, 2).contiguous()


def resize(x: torch.Tensor, h: int, w: int, antialias: bool = True) -> torch.Tensor:
    """Bilinear resize of a float image [N, 3, H, W] (antialias as PIL's BILINEAR does)."""
    if x.shape[-2:] == (h, w):
        return x
    return F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=antialias)


def window_sample(bank: torch.Tensor, windows: torch.Tensor, out_h: int, out_w: int,
                  pad: float | None = None) -> torch.Tensor:
    """Samples the windows (x0, y0, x1, y1 in each bank image's pixels) of uint8 images
    [n, 3, H, W] into float [n, 3, out_h, out_w] in 0..1 (bilinear, one batched call). Outside
    the image: the border pixels, or ``pad`` (0..1) when given."""
    n, _, h, w = bank.shape
    x0, y0, x1, y1 = windows.unbind(1)
    ww, wh = x1 - x0, y1 - y0
    theta = torch.zeros(n, 2, 3, device=bank.device)
    theta[:, 0, 0] = ww / w
    theta[:, 0, 2] = (2 * x0 + ww) / w - 1
    theta[:, 1, 1] = wh / h
    theta[:, 1, 2] = (2 * y0 + wh) / h - 1
    grid = F.affine_grid(theta, [n, 3, out_h, out_w], align_corners=False)
    x = bank.float() / 255.0
    if pad is None:
        return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    y = F.grid_sample(x - pad, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return y + pad


def crop_bank(images: np.ndarray, photo_index: np.ndarray, boxes: np.ndarray, expand: float,
              side: int, sizes: np.ndarray | None = None, threads: int = 0):
    """For each box (x0, y0, x1, y1) of photo images[photo_index]: the box grown by ``expand`` of
    its size on every side, clamped to the photo, cropped and stretched to side×side with an
    antialiased resize (as the runner's area resize). Returns (uint8 [n, side, side, 3],
    regions float32 [n, 4] in photo pixels)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    n = len(boxes)
    out = np.zeros((n, side, side, 3), np.uint8)
    regions = np.zeros((n, 4), np.float32)

    def one(i):
        img = images[photo_index[i]]
        if sizes is not None:
            w, h = (int(v) for v in sizes[photo_index[i]])
            img = img[:h, :w]
        h, w = img.shape[:2]
        x0, y0, x1, y1 = boxes[i]
        bw, bh = x1 - x0, y1 - y0
        r = crop_box_pixels((x0 - expand * bw, y0 - expand * bh, x1 + expand * bw,
                             y1 + expand * bh), w, h)
        regions[i] = r
        out[i] = np.asarray(Image.fromarray(img[r[1]:r[3], r[0]:r[2]]).resize(
            (side, side), Image.BILINEAR))

    with ThreadPoolExecutor(threads or min(16, os.cpu_count() or 1)) as ex:
        list(ex.map(one, range(n)))
    return out, regions


def letterbox_bank(images: np.ndarray, sizes: np.ndarray, size: int, threads: int = 0):
    """Letterboxes every photo (antialiased resize, pad 114): uint8 [n, size, size, 3] and the
    (scale, left, top) of each."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    n = len(images)
    out = np.zeros((n, size, size, 3), np.uint8)
    params = np.zeros((n, 3), np.float64)

    def one(i):
        w, h = (int(v) for v in sizes[i])
        out[i], s, left, top = letterbox_pil(Image.fromarray(images[i, :h, :w]), size)
        params[i] = (s, left, top)

    with ThreadPoolExecutor(threads or min(16, os.cpu_count() or 1)) as ex:
        list(ex.map(one, range(n)))
    return out, params


# --------------------------------------------------------------------------------------------
# Photometric augmentations on float batches [N, 3, H, W] in 0..1; each sample draws its own


def _per_sample(n, device, lo, hi, gen):
    return torch.empty(n, 1, 1, 1, device=device).uniform_(lo, hi, generator=gen)


def _apply_mask(x, y, p, gen):
    m = (torch.rand(x.shape[0], 1, 1, 1, device=x.device, generator=gen) < p).to(x.dtype)
    return x * (1 - m) + y * m


def color_jitter(x, gen=None, brightness=0.25, contrast=0.25, saturation=0.25, gain=0.06, p=0.8):
    """Brightness, contrast, saturation and a small per-channel gain (white balance). Hue is left
    alone on purpose: products of a family differ by ~25° of hue."""
    n, dev = x.shape[0], x.device
    y = x * _per_sample(n, dev, 1 - brightness, 1 + brightness, gen)
    mean = y.mean(dim=(1, 2, 3), keepdim=True)
    y = (y - mean) * _per_sample(n, dev, 1 - contrast, 1 + contrast, gen) + mean
    gray = (0.299 * y[:, 0:1] + 0.587 * y[:, 1:2] + 0.114 * y[:, 2:3])
    y = (y - gray) * _per_sample(n, dev, 1 - saturation, 1 + saturation, gen) + gray
    g = torch.empty(n, 3, 1, 1, device=dev).uniform_(1 - gain, 1 + gain, generator=gen)
    y = (y * g).clamp(0, 1)
    return _apply_mask(x, y, p, gen)


def gaussian_blur(x, gen=None, sigma=(0.3, 1.5), p=0.3):
    """Gaussian blur with a per-sample sigma (separable, 7 taps)."""
    n, c, h, w = x.shape
    dev = x.device
    s = torch.empty(n, device=dev).uniform_(sigma[0], sigma[1], generator=gen)
    r = torch.arange(-3, 4, device=dev, dtype=x.dtype)
    k = torch.exp(-(r[None] ** 2) / (2 * s[:, None] ** 2))
    k = k / k.sum(dim=1, keepdim=True)  # [n, 7]
    # depthwise conv with one kernel per (sample, channel)
    kk = k.repeat_interleave(c, dim=0)  # [n*c, 7]
    y = x.reshape(1, n * c, h, w)
    y = F.pad(y, (3, 3, 0, 0), mode="replicate")
    y = F.conv2d(y, kk[:, None, None, :], groups=n * c)
    y = F.pad(y, (0, 0, 3, 3), mode="replicate")
    y = F.conv2d(y, kk[:, None, :, None], groups=n * c)
    return _apply_mask(x, y.reshape(n, c, h, w), p, gen)


def gaussian_noise(x, gen=None, sigma=(1 / 255, 7 / 255), p=0.5):
    """Additive Gaussian sensor noise with a per-sample sigma."""
    s = _per_sample(x.shape[0], x.device, sigma[0], sigma[1], gen)
    n = torch.randn(x.shape, device=x.device, generator=gen) * s
    return _apply_mask(x, (x + n).clamp(0, 1), p, gen)


def pixel_dropout(x, gen=None, rate=0.02, p=0.3):
    """Sets a random share of pixels to black (albumentations' PixelDropout)."""
    n, _, h, w = x.shape
    keep = (torch.rand(n, 1, h, w, device=x.device, generator=gen) >= rate).to(x.dtype)
    return _apply_mask(x, x * keep, p, gen)


def equalize_luma(x, gen=None, p=0.2, bins=64):
    """Histogram equalisation of the luminance, colours scaled along (hue kept)."""
    n = x.shape[0]
    y_l = (0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).clamp(0, 1)  # [n, h, w]
    idx = (y_l * (bins - 1)).round().long().reshape(n, -1)
    hist = torch.zeros(n, bins, device=x.device, dtype=x.dtype)
    hist.scatter_add_(1, idx, torch.ones_like(idx, dtype=x.dtype))
    cdf = hist.cumsum(1)
    cdf = (cdf - cdf[:, :1]) / (cdf[:, -1:] - cdf[:, :1]).clamp_min(1)
    new_l = torch.gather(cdf, 1, idx).reshape_as(y_l)
    ratio = (new_l + 0.02) / (y_l + 0.02)
    y = (x * ratio[:, None]).clamp(0, 1)
    return _apply_mask(x, y, p, gen)


def hflip(x, gen=None, p=0.5):
    """Horizontal flip per sample; returns the images and the flip mask."""
    m = torch.rand(x.shape[0], device=x.device, generator=gen) < p
    y = torch.where(m[:, None, None, None], x.flip(-1), x)
    return y, m


# --------------------------------------------------------------------------------------------
# Boxes


def box_area(b: torch.Tensor) -> torch.Tensor:
    return (b[..., 2] - b[..., 0]).clamp_min(0) * (b[..., 3] - b[..., 1]).clamp_min(0)


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Pairwise IoU [len(a), len(b)]."""
    lt = torch.maximum(a[:, None, :2], b[None, :, :2])
    rb = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp_min(0).prod(-1)
    return inter / (box_area(a)[:, None] + box_area(b)[None] - inter).clamp_min(1e-9)


def giou_loss(p: torch.Tensor, t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Element-wise GIoU loss and IoU of matching rows [n, 4]."""
    lt = torch.maximum(p[:, :2], t[:, :2])
    rb = torch.minimum(p[:, 2:], t[:, 2:])
    inter = (rb - lt).clamp_min(0).prod(-1)
    union = box_area(p) + box_area(t) - inter
    iou = inter / union.clamp_min(1e-9)
    elt = torch.minimum(p[:, :2], t[:, :2])
    erb = torch.maximum(p[:, 2:], t[:, 2:])
    enclose = (erb - elt).clamp_min(0).prod(-1).clamp_min(1e-9)
    giou = iou - (enclose - union) / enclose
    return 1 - giou, iou


def nms(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> torch.Tensor:
    """Greedy NMS; indices of kept boxes, highest score first."""
    if boxes.numel() == 0:
        return torch.zeros(0, dtype=torch.long, device=boxes.device)
    order = scores.argsort(descending=True)
    over = (box_iou(boxes[order], boxes[order]) > iou_threshold).cpu().numpy()
    n = len(order)
    suppressed = np.zeros(n, dtype=bool)
    keep = []
    for i in range(n):
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= over[i]
    return order[torch.as_tensor(keep, dtype=torch.long, device=order.device)]


def batched_nms(boxes, scores, labels, iou_threshold):
    """Class-wise NMS by offsetting each class's boxes far apart."""
    if boxes.numel() == 0:
        return torch.zeros(0, dtype=torch.long, device=boxes.device)
    offs = labels.to(boxes.dtype)[:, None] * (boxes.max() + 1)
    return nms(boxes + offs, scores, iou_threshold)


def yolo_postprocess(out: torch.Tensor, conf: float = 0.001, iou: float = 0.6, max_det: int = 100,
                     pre_nms: int = 1000):
    """Decodes one image's YOLOv8-layout output [4 + C, A] into (boxes x0y0x1y1, scores,
    labels) after class-wise NMS, as the Java runner does (one label per anchor: the best)."""
    out = out.float()
    cxcywh, cls = out[:4].T, out[4:].T
    scores, labels = cls.max(dim=1)
    keep = scores > conf
    cxcywh, scores, labels = cxcywh[keep], scores[keep], labels[keep]
    if len(scores) > pre_nms:
        top = scores.topk(pre_nms).indices
        cxcywh, scores, labels = cxcywh[top], scores[top], labels[top]
    boxes = torch.cat([cxcywh[:, :2] - cxcywh[:, 2:] / 2, cxcywh[:, :2] + cxcywh[:, 2:] / 2], 1)
    k = batched_nms(boxes, scores, labels, iou)[:max_det]
    return boxes[k], scores[k], labels[k]


def seeded_start(seed: int, make_model, device):
    """Seeds torch, numpy and a device generator from one seed, then builds the model (so its
    initial weights come from the seed too) and puts it on the device (channels-last on CUDA):
    the same start for every training loop, so a re-run with the same seed gives comparable
    numbers."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    model = make_model().to(device)
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last)
    return model, rng, gen
