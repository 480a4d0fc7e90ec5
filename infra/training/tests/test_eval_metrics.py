import numpy as np
import torch

from btl_train.detector import average_precision
from btl_train.embedder import retrieval_topk


def test_ap_perfect_and_half():
    gts = [(np.array([[0, 0, 10, 10], [20, 20, 40, 40]], float), np.array([0, 1]))]
    perfect = [(gts[0][0], np.array([0.9, 0.8]), np.array([0, 1]))]
    ap = average_precision(perfect, gts, 2)[0.5]
    assert ap == {0: 1.0, 1: 1.0}
    # class 1 found only after a higher-scored false positive: precision 0.5 at recall 1
    dets = [(np.array([[0, 0, 10, 10], [60, 60, 70, 70], [20, 20, 40, 40]], float),
             np.array([0.9, 0.95, 0.8]), np.array([0, 1, 1]))]
    ap = average_precision(dets, gts, 2)[0.5]
    assert ap[0] == 1.0 and abs(ap[1] - 0.5) < 1e-9
    # a duplicate detection is a false positive, not a second match
    dup = [(np.array([[0, 0, 10, 10], [0, 0, 10, 10]], float), np.array([0.9, 0.8]),
            np.array([0, 0]))]
    assert average_precision(dup, gts[:1], 1)[0.5][0] == 1.0


def test_retrieval_topk_ranks_within_category():
    g = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.7071, 0.7071]])
    g_prod, g_cat = [10, 11, 12], [0, 0, 1]
    q = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    overall, per_cat, ranks = retrieval_topk(q, [10, 12], [0, 1], g, g_prod, g_cat, ks=(1, 2))
    # query 0 (product 10) ranks 11 first → rank 1; query 1 is alone in its category → rank 0
    assert ranks.tolist() == [1, 0]
    assert overall == {1: 0.5, 2: 1.0}
