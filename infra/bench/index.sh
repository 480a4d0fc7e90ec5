#!/usr/bin/env bash
# Index build speed: `btl index` with the default embedder (decode + resize on a worker pool,
# inference in batches of 32, shards written) beside the same work in Python with ONNX Runtime,
# on the same catalog, one after the other, ROUNDS times alternating. Prints the figures, then
# as its last line the ratios as name=value pairs (Java images/s over Python images/s: ≥ 1/1.2
# is the target).  Usage: infra/bench/index.sh [CATALOG_DIR] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
catalog=${1:-/tmp/btl-bench-data}
rounds=${2:-3}
work=${BTL_BENCH_DIR:-/tmp/btl-index-bench}
workers=$(nproc)
mkdir -p "$work"

[ -f infra/cli/target/btl.jar ] || mvn -q -B -DskipTests -pl infra/cli -am package
[ -f "$catalog/catalog/products.jsonl" ] || java -jar infra/cli/target/btl.jar generate --out "$catalog"
python3 -c "import onnxruntime, PIL, numpy" 2>/dev/null || \
  python3 -m pip install -q --retries 0 --timeout 3 -r infra/training/requirements.txt

: > "$work/java.txt"; : > "$work/py.txt"
for r in $(seq "$rounds"); do
  rm -rf "$work/out"
  echo "# round $r: java (btl index, $workers decode workers)"
  java -jar infra/cli/target/btl.jar index --catalog "$catalog" --out "$work/out" \
    --embedder infra/models/embedder --workers "$workers" --batch 32 2>/dev/null | tee -a "$work/java.txt"
  echo "# round $r: python (onnxruntime, $workers decode workers)"
  python3 infra/bench/index_ref.py "$catalog" infra/models/embedder "$workers" 32 | tee -a "$work/py.txt"
done

python3 - "$work" <<'PY'
import re, statistics, sys
java = [float(m) for m in re.findall(r"([0-9.]+) images/s", open(f"{sys.argv[1]}/java.txt").read())]
jdec = [float(m) for m in re.findall(r"decode and preprocessing ([0-9.]+) s", open(f"{sys.argv[1]}/java.txt").read())]
jinf = [float(m) for m in re.findall(r"inference ([0-9.]+) s", open(f"{sys.argv[1]}/java.txt").read())]
py = {}
for line in open(f"{sys.argv[1]}/py.txt"):
    k, _, v = line.strip().partition("=")
    py.setdefault(k, []).append(float(v))
med = statistics.median
print(f"java_images_per_s={med(java):.1f} java_decode_s={med(jdec):.2f} java_inference_s={med(jinf):.2f} "
      f"py_images_per_s={med(py['py_images_per_s']):.1f} py_decode_s={med(py['py_decode_s']):.2f} "
      f"py_inference_s={med(py['py_inference_s']):.2f}")
print(f"java_over_python_throughput={med(java) / med(py['py_images_per_s']):.2f}")
PY
