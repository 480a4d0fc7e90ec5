"""Warm start: the weights of an exported model.onnx loaded back into its PyTorch network.

The exporter folds every BatchNorm into the convolution before it, so the graph holds one
weight and bias per convolution (named ``onnx::Conv_…``) and no BatchNorm statistics. This
puts them back: the ONNX convolutions are matched, in graph order, with the network's
convolutions in execution order (the order the exporter traced them in; shapes are checked);
a convolution followed by a BatchNorm gets the folded weight, and the BatchNorm is rebuilt
from the statistics of its input on a calibration batch so that it computes the folded bias
in eval mode *and* nearly so in training mode (γ = σ, β = μ + b, running mean μ, running
variance σ²). Other tensors (the Linear layer, lateral 1×1 convolutions, buffers) are copied
by name. The result is checked against ONNX Runtime on the calibration batch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn


def load_onnx_weights(net: nn.Module, export: nn.Module, onnx_path: str | Path,
                      calib: torch.Tensor, tol: float = 1e-3) -> dict:
    """Loads ``onnx_path`` into ``net`` (a submodule of ``export``, the module that was exported;
    they may be the same). ``calib``: a batch of typical inputs of ``export``. Returns a summary
    with the largest difference from ONNX Runtime on ``calib``."""
    import onnx
    import onnxruntime as ort
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    # the exporter shares equal tensors through Identity nodes (e.g. untrained biases)
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
        elif node.op_type == "Constant" and node.attribute and node.attribute[0].t.dims:
            inits[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    onnx_convs = [n for n in model.graph.node if n.op_type == "Conv"]

    # execution order of the network's convolutions, and which BatchNorm reads each one's output
    order: list[nn.Conv2d] = []
    outputs: dict[int, nn.Conv2d] = {}
    follows: dict[nn.Conv2d, nn.BatchNorm2d] = {}
    keep = []

    def on_conv(mod, _inp, out):
        order.append(mod)
        outputs[id(out)] = mod
        keep.append(out)

    def on_bn(mod, inp, _out):
        conv = outputs.get(id(inp[0]))
        if conv is not None:
            follows[conv] = mod

    hooks = [m.register_forward_hook(on_conv) for m in net.modules() if isinstance(m, nn.Conv2d)]
    hooks += [m.register_forward_hook(on_bn) for m in net.modules()
              if isinstance(m, nn.BatchNorm2d)]
    export.eval()
    with torch.no_grad():
        export(calib[:1])
    for h in hooks:
        h.remove()
    keep.clear()
    if len(order) != len(onnx_convs):
        raise ValueError(f"{onnx_path}: {len(onnx_convs)} convolutions in the graph, "
                         f"{len(order)} in the network: not the same architecture")

    # 1. weights: folded convolutions, BatchNorm as identity plus the folded bias for now
    state = export.state_dict()
    copied = 0
    with torch.no_grad():
        for name, tensor in state.items():
            if name in inits and tuple(inits[name].shape) == tuple(tensor.shape):
                tensor.copy_(torch.from_numpy(inits[name].copy()))
                copied += 1
        for conv, node in zip(order, onnx_convs):
            w = inits[node.input[1]]
            b = inits[node.input[2]] if len(node.input) > 2 else np.zeros(w.shape[0], np.float32)
            if tuple(w.shape) != tuple(conv.weight.shape):
                raise ValueError(f"{onnx_path}: convolution {node.name} has shape {w.shape}, "
                                 f"the network's {tuple(conv.weight.shape)}")
            conv.weight.copy_(torch.from_numpy(w.copy()))
            bn = follows.get(conv)
            if bn is None:
                if conv.bias is None:
                    raise ValueError(f"{onnx_path}: {node.name} has a bias the network lacks")
                conv.bias.copy_(torch.from_numpy(b.copy()))
                continue
            if conv.bias is not None:
                conv.bias.zero_()
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(b.copy()))

    # 2. BatchNorm statistics from the calibration batch (the network now equals the graph)
    stats: dict[nn.BatchNorm2d, tuple[torch.Tensor, torch.Tensor]] = {}

    def on_bn_stats(mod, inp, _out):
        x = inp[0].detach()
        stats[mod] = (x.mean(dim=(0, 2, 3)), x.var(dim=(0, 2, 3), unbiased=False))

    bns = list(follows.values())
    hooks = [bn.register_forward_hook(on_bn_stats) for bn in bns]
    with torch.no_grad():
        export(calib)
    for h in hooks:
        h.remove()
    with torch.no_grad():
        for bn in bns:
            mu, var = stats[bn]
            b = bn.bias.clone()
            bn.running_mean.copy_(mu)
            bn.running_var.copy_(var)
            bn.weight.copy_(torch.sqrt(var + bn.eps))
            bn.bias.copy_(mu + b)

    # 3. check against ONNX Runtime
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    ref = sess.run(None, {sess.get_inputs()[0].name: calib.numpy()})[0]
    with torch.no_grad():
        got = export(calib).numpy()
    diff = float(np.abs(got - ref).max())
    scale = float(np.abs(ref).max()) or 1.0
    if diff > tol * max(1.0, scale):
        raise ValueError(f"{onnx_path}: warm start differs from ONNX Runtime by {diff:.3g}")
    return {"convolutions": len(order), "batchnorms": len(bns), "by_name": copied,
            "max_abs_diff": diff}
