#!/usr/bin/env bash
# Model speed: the default detector (per street photo) and embedder (per crop, batch 8)
# through our Java runners (DJL + ONNX Runtime) beside ONNX Runtime's Python API on the same
# model files and the same inputs, one after the other on this machine. Prints the figures,
# then as its last line the ratios (Java time / Python time; ≤ 1.2 is the target) as
# name=value pairs.
# Usage: infra/bench/models.sh [DATA_DIR] [photos] [repeats]
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-/tmp/btl-bench-data}
photos=${2:-40}
reps=${3:-3}
work=${BTL_BENCH_DIR:-/tmp/btl-models-bench}
mkdir -p "$work"

[ -f infra/cli/target/btl.jar ] && [ -d infra/bench/target/classes ] || \
  mvn -q -B -DskipTests -pl infra/cli,infra/bench -am package
[ -d "$data/meta/json" ] || java -jar infra/cli/target/btl.jar generate --out "$data" --scale 0.1
python3 -c "import onnxruntime, PIL, numpy" 2>/dev/null || \
  python3 -m pip install -q --retries 0 --timeout 3 -r infra/training/requirements.txt

echo "# java (DJL + ONNX Runtime)"
java -cp infra/cli/target/btl.jar:infra/bench/target/classes com.buythatlook.bench.ModelsBench \
  "$data" infra/models/detector infra/models/embedder "$work" "$photos" "$reps" | tee "$work/java.txt"
echo "# python (onnxruntime)"
python3 infra/bench/models_ref.py infra/models/detector infra/models/embedder "$work" "$reps" \
  | tee "$work/py.txt"

python3 - "$work" <<'PY'
import sys
v = {}
for f in ("java.txt", "py.txt"):
    for line in open(f"{sys.argv[1]}/{f}"):
        k, _, x = line.strip().partition("=")
        try:
            v[k] = float(x)
        except ValueError:
            pass
print(f"detector_java_over_python={v['java_detector_ms'] / v['py_detector_ms']:.2f} "
      f"embedder_java_over_python={v['java_embedder_ms_per_crop'] / v['py_embedder_ms_per_crop']:.2f} "
      f"detector_ms={v['java_detector_ms']:.1f} embedder_ms_per_crop={v['java_embedder_ms_per_crop']:.2f}")
PY
