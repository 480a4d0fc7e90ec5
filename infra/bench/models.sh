#!/usr/bin/env bash
# Model speed: a detector (per street photo) and an embedder (per crop, batch 8)
# through our Java runners (DJL + ONNX Runtime) beside ONNX Runtime's Python API on the same
# model files, the same inputs and the same threads (ONNX Runtime's default, one per physical
# core, unless THREADS is given; then intra-op THREADS, inter-op 1 on both sides).
# The two sides run alternately, ROUNDS times each (java, python, java, python, ...), so that a
# change in the machine's load shows up in both rather than in one: on a shared 2-core machine
# one busy neighbour doubles the figures, and with one run per side the ratio measured the
# neighbour, not the code. Each run prints per-call medians; the summary is the median over
# rounds of each side, and of the per-round ratios (the JVM's log goes to $work/java.N.log).
# Prints the figures, then as its last line the ratios (Java time / Python time; <= 1.2 is the
# target) as name=value pairs.
# Usage: infra/bench/models.sh [DATA_DIR] [photos] [repeats] [ROUNDS] [THREADS] [DETECTOR_DIR]
#        [EMBEDDER_DIR]
# DETECTOR_DIR and EMBEDDER_DIR are model folders (model.onnx + model.json, as btl's --detector
# and --embedder take); default (or 'default') infra/models/detector and infra/models/embedder.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-/tmp/btl-bench-data}
photos=${2:-40}
reps=${3:-3}
rounds=${4:-3}
threads=${5:-0}
detector=${6:-default}
embedder=${7:-default}
[ "$detector" = default ] && detector=infra/models/detector
[ "$embedder" = default ] && embedder=infra/models/embedder
for m in "$detector" "$embedder"; do
  [ -f "$m/model.json" ] || { echo "models.sh: $m is not a model folder (no model.json)" >&2; exit 2; }
done
work=${BTL_BENCH_DIR:-/tmp/btl-models-bench}
mkdir -p "$work"

[ -f infra/cli/target/btl.jar ] && [ -d infra/bench/target/classes ] || \
  mvn -q -B -DskipTests -pl infra/cli,infra/bench -am package
[ -d "$data/meta/json" ] || java -jar infra/cli/target/btl.jar generate --out "$data" --scale 0.1
python3 -c "import onnxruntime, PIL, numpy" 2>/dev/null || \
  python3 -m pip install -q --retries 0 --timeout 3 -r infra/training/requirements.txt

for r in $(seq 1 "$rounds"); do
  echo "# round $r: java (DJL + ONNX Runtime)"
  java -cp infra/cli/target/btl.jar:infra/bench/target/classes com.buythatlook.bench.ModelsBench \
    "$data" "$detector" "$embedder" "$work" "$photos" "$reps" "$threads" \
    2>"$work/java.$r.log" | tee "$work/java.$r.txt"
  echo "# round $r: python (onnxruntime)"
  python3 infra/bench/models_ref.py "$detector" "$embedder" "$work" "$reps" \
    "$threads" | tee "$work/py.$r.txt"
done

python3 - "$work" "$rounds" <<'PY'
import statistics
import sys
work, rounds = sys.argv[1], int(sys.argv[2])


def read(f):
    v = {}
    for line in open(f"{work}/{f}"):
        k, _, x = line.strip().partition("=")
        try:
            v[k] = float(x)
        except ValueError:
            pass
    return v


runs = [{**read(f"java.{r}.txt"), **read(f"py.{r}.txt")} for r in range(1, rounds + 1)]
med = lambda k: statistics.median(v[k] for v in runs)
ratio = lambda j, p: statistics.median(v[j] / v[p] for v in runs)
print("rounds=%d java_detector_ms=%.2f py_detector_ms=%.2f java_embedder_ms_per_crop=%.3f "
      "py_embedder_ms_per_crop=%.3f" % (rounds, med("java_detector_ms"), med("py_detector_ms"),
      med("java_embedder_ms_per_crop"), med("py_embedder_ms_per_crop")))
print(f"detector_java_over_python={ratio('java_detector_ms', 'py_detector_ms'):.2f} "
      f"embedder_java_over_python="
      f"{ratio('java_embedder_ms_per_crop', 'py_embedder_ms_per_crop'):.2f} "
      f"detector_ms={med('java_detector_ms'):.1f} "
      f"embedder_ms_per_crop={med('java_embedder_ms_per_crop'):.2f}")
PY
