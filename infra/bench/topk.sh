#!/usr/bin/env bash
# Top-k scan benchmark: our Java kernels beside faiss IndexFlatIP and numpy, one thread each,
# on the same 1,000,000 x 256 float32 random unit vectors (and a 10 % category slice).
# Prints every figure, then as its last line the ratios (reference time / our time) as
# name=value pairs.  Usage: infra/bench/topk.sh [rows] [dim] [repeats]
# BTL_BENCH_HEAP (default 6g) sizes the Java heap; BTL_BENCH_DIR (default /tmp/btl-topk-bench)
# holds the .npy files both halves read; BTL_BENCH_ROUNDS (default 3) is the number of turns;
# BTL_BENCH_JAVA_OPTS adds JVM options, e.g. -XX:MaxVectorSize=32 to cap the kernels' preferred
# vectors at 256 bits (the kernels= line says which size ran).  infra/bench/jmh.sh runs the JMH
# benchmarks of the same kernels.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}; dim=${2:-256}; reps=${3:-21}
work=${BTL_BENCH_DIR:-/tmp/btl-topk-bench}
mkdir -p "$work"
rm -f "$work"/java.*.txt "$work"/py.*.txt

[ -f infra/bench/target/btl-bench.jar ] || mvn -q -B -DskipTests -pl infra/bench -am package
heap=${BTL_BENCH_HEAP:-6g}
python3 -c "import faiss, numpy" 2>/dev/null || \
  python3 -m pip install -q --retries 0 --timeout 3 -r infra/bench/requirements.txt

# Transparent huge pages: this kernel gives them only on request (madvise), and numpy requests
# them for its large arrays. On 4 KiB pages the 1 GB fp32 scan took 94 ms instead of 61 ms here.
# -Xms = -Xmx with AlwaysPreTouch commits and touches the whole heap at start, so every array the
# benchmark builds lands on huge pages. Serve large indexes with the same flags (README, "Speed").
java_half() {
  java -Xms"$heap" -Xmx"$heap" -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:+UseTransparentHugePages \
    --add-modules jdk.incubator.vector ${BTL_BENCH_JAVA_OPTS:-} -cp infra/bench/target/btl-bench.jar \
    com.buythatlook.bench.TopKBench "$work" "$rows" "$dim" "$reps" "$@" 2>/dev/null
}
py_half() {
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    python3 infra/bench/topk_ref.py "$work" "$reps"
}

# This machine's memory bandwidth drifts with its neighbours' load (the same JVM run gave the
# 1M-row int8 scan 18 ms one minute and 29 ms the next), so the halves take turns: ROUNDS rounds
# of Java then Python, each figure the median over the rounds.
rounds=${BTL_BENCH_ROUNDS:-3}
for r in $(seq 1 "$rounds"); do
  echo "# round $r/$rounds: java (1 thread)"
  if [ "$r" = 1 ]; then java_half | tee "$work/java.$r.txt"; else java_half --reuse-npy | tee "$work/java.$r.txt"; fi
  echo "# round $r/$rounds: python references (1 thread)"
  py_half | tee "$work/py.$r.txt"
done

python3 - "$work" <<'PY'
import sys
import glob, statistics
runs = {}
for f in sorted(glob.glob(f"{sys.argv[1]}/java.*.txt") + glob.glob(f"{sys.argv[1]}/py.*.txt")):
    for line in open(f):
        if "=" in line and not line.startswith(("kernels", "data")):
            k, x = line.strip().split("=", 1)
            runs.setdefault(k, []).append(float(x))
v = {k: statistics.median(xs) for k, xs in runs.items()}
print("# medians over the rounds: " + " ".join(f"{k}={x:.2f}" for k, x in v.items()))
r = {
    "fp32_vs_faiss": v["faiss_flat_1q_ms"] / v["java_fp32_1q_ms"],
    "fp32_vs_numpy": v["numpy_1q_ms"] / v["java_fp32_1q_ms"],
    "int8_vs_faiss": v["faiss_flat_1q_ms"] / v["java_int8_1q_ms"],
    "q32_vs_faiss_simd": v["faiss_flat_32q_simd_ms"] / v["java_fp32_32q_ms"],
    "slice_fp32_vs_faiss": v["faiss_flat_1q_slice_ms"] / v["java_fp32_1q_slice_ms"],
    "slice_int8_vs_faiss": v["faiss_flat_1q_slice_ms"] / v["java_int8_1q_slice_ms"],
    "slice_q32_vs_faiss_simd": v["faiss_flat_32q_simd_slice_ms"] / v["java_fp32_32q_slice_ms"],
    "int8_recall_at6": min(runs["recall_int8_at6"]),  # the worst round
    # the best any single-thread scan reading every float32 once could do here
    "read_floor_vs_faiss": v["faiss_flat_1q_ms"] / v["java_stream_read_ms"],
    "read_floor_vs_numpy": v["numpy_1q_ms"] / v["java_stream_read_ms"],
}
print(" ".join(f"{k}={x:.2f}" for k, x in r.items()))
PY
