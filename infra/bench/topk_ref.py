"""Python references for infra/bench/topk.sh: faiss IndexFlatIP and numpy, one thread,
on the .npy files TopKBench wrote (the very same vectors). Prints name=millis medians."""
import os
import sys
import time

import numpy as np
import faiss

d = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 21
X = np.load(os.path.join(d, "rows.npy"), mmap_mode=None)
Q = np.load(os.path.join(d, "queries.npy"))
n = X.shape[0]
S = np.ascontiguousarray(X[: n // 10])
faiss.omp_set_num_threads(1)
k = 6


def median(fn, reps):
    for i in range(3):
        fn(i)
    t = []
    for i in range(reps):
        t0 = time.perf_counter()
        fn(i)
        t.append((time.perf_counter() - t0) * 1e3)
    return sorted(t)[len(t) // 2]


def numpy_topk(M, q):
    s = M @ q
    idx = np.argpartition(-s, k)[:k]
    return idx[np.argsort(-s[idx])]


for name, M in (("", X), ("_slice", S)):
    index = faiss.IndexFlatIP(M.shape[1])
    index.add(M)
    reps = repeats if not name else repeats * 3
    print(f"faiss_flat_1q{name}_ms={median(lambda i: index.search(Q[i % 32 : i % 32 + 1], k), reps):.2f}")
    print(f"numpy_1q{name}_ms={median(lambda i: numpy_topk(M, Q[i % 32]), reps):.2f}")
    # faiss switches to BLAS at 20 queries by default; raising the threshold keeps its SIMD scan
    faiss.cvar.distance_compute_blas_threshold = 1 << 30
    print(f"faiss_flat_32q_simd{name}_ms={median(lambda i: index.search(Q, k), max(5, reps // 3)):.2f}")
    faiss.cvar.distance_compute_blas_threshold = 20
    del index
