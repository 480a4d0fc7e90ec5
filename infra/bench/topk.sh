#!/usr/bin/env bash
# Top-k scan benchmark: our Java kernels beside faiss IndexFlatIP and numpy, one thread each,
# on the same 1,000,000 x 256 float32 random unit vectors (and a 10 % category slice).
# Prints every figure, then as its last line the ratios (reference time / our time) as
# name=value pairs.  Usage: infra/bench/topk.sh [rows] [dim] [repeats]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}; dim=${2:-256}; reps=${3:-21}
work=${BTL_BENCH_DIR:-/tmp/btl-topk-bench}
mkdir -p "$work"

[ -f infra/bench/target/btl-bench.jar ] || mvn -q -B -DskipTests -pl infra/bench -am package
python3 -c "import faiss, numpy" 2>/dev/null || \
  python3 -m pip install -q --retries 0 --timeout 3 faiss-cpu==1.15.1 numpy

echo "# java (1 thread)"
java -Xmx6g -XX:+UseParallelGC --add-modules jdk.incubator.vector -cp infra/bench/target/btl-bench.jar \
  com.buythatlook.bench.TopKBench "$work" "$rows" "$dim" "$reps" 2>/dev/null | tee "$work/java.txt"
echo "# python references (1 thread)"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  python3 infra/bench/topk_ref.py "$work" "$reps" | tee "$work/py.txt"

python3 - "$work" <<'PY'
import sys
v = {}
for f in ("java.txt", "py.txt"):
    for line in open(f"{sys.argv[1]}/{f}"):
        if "=" in line and not line.startswith(("kernels", "data")):
            k, x = line.strip().split("=", 1)
            v[k] = float(x)
r = {
    "fp32_vs_faiss": v["faiss_flat_1q_ms"] / v["java_fp32_1q_ms"],
    "fp32_vs_numpy": v["numpy_1q_ms"] / v["java_fp32_1q_ms"],
    "int8_vs_faiss": v["faiss_flat_1q_ms"] / v["java_int8_1q_ms"],
    "q32_vs_faiss_simd": v["faiss_flat_32q_simd_ms"] / v["java_fp32_32q_ms"],
    "slice_fp32_vs_faiss": v["faiss_flat_1q_slice_ms"] / v["java_fp32_1q_slice_ms"],
    "slice_int8_vs_faiss": v["faiss_flat_1q_slice_ms"] / v["java_int8_1q_slice_ms"],
    "slice_q32_vs_faiss_simd": v["faiss_flat_32q_simd_slice_ms"] / v["java_fp32_32q_slice_ms"],
    "int8_recall_at6": v["recall_int8_at6"],
}
print(" ".join(f"{k}={x:.2f}" for k, x in r.items()))
PY
