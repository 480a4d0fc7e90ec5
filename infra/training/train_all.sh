#!/usr/bin/env bash
# Trains the default models from scratch and exports them into infra/models/.
#
#   infra/training/train_all.sh            # full run (CUDA when present, else CPU)
#   infra/training/train_all.sh --smoke    # a few minutes: tiny data set and budgets,
#                                          # exports into the run folder, not infra/models
#
# Steps: (1) Python venv (infra/training/.venv, from requirements.txt) unless PYTHON is set;
# (2) build btl.jar if missing; (3) btl generate the data set (DATA, seed 42, default size)
# unless it is already there (REGENERATE=1 forces it); (4) pack it; (5) train the detector,
# the batch-hard embedder and the seed's offline-triplet embedder; (6) export ONNX + model.json;
# (7) evaluate the exports in Python (ONNX Runtime) and (8) with `btl eval`.
#
# Settings (environment variables or --name=value flags, e.g. --device=cpu):
#   DATA=/tmp/btl-data   data set folder          DEVICE=auto|cpu|cuda
#   RUN=infra/training/runs/<time>               run folder: pack, checkpoints, logs, eval
#   MODELS=infra/models  where the exports go     SEED=0   training seed (data seed: 42)
#   DET_EPOCHS, EMB_EPOCHS, OFFLINE_EPOCHS       epochs (upper bounds)
#   DET_BUDGET, EMB_BUDGET, OFFLINE_BUDGET       seconds of training each (0 = no limit);
#                                                defaults on CPU: 1200, 780, 240 (≈ 45 min all in)
#   EMB_SIZE=96  embedder input side             REGENERATE=0|1
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    --*=*) kv="${arg#--}"; k="${kv%%=*}"; k="$(echo "$k" | tr 'a-z-' 'A-Z_')"; export "$k=${kv#*=}" ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SMOKE="${SMOKE:-0}"
JAR="$ROOT/infra/cli/target/btl.jar"
STAMP="$(date +%Y%m%d-%H%M%S)"
RUN="${RUN:-$HERE/runs/$STAMP$([ "$SMOKE" = 1 ] && echo -smoke)}"
DEVICE="${DEVICE:-auto}"
SEED="${SEED:-0}"
REGENERATE="${REGENERATE:-0}"
EMB_SIZE="${EMB_SIZE:-96}"
mkdir -p "$RUN"
RUN="$(cd "$RUN" && pwd)"
LOG="$RUN/train_all.log"
exec > >(tee -a "$LOG") 2>&1
T0=$(date +%s)
say() { echo "[train_all $(date +%H:%M:%S) +$(( $(date +%s) - T0 ))s] $*"; }

# (1) Python
if [ -z "${PYTHON:-}" ]; then
  if [ ! -x "$HERE/.venv/bin/python" ]; then
    say "creating $HERE/.venv"
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q --retries 0 --timeout 3 -r "$HERE/requirements.txt"
  fi
  PYTHON="$HERE/.venv/bin/python"
fi
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
HAS_CUDA=$("$PYTHON" -c 'import torch; print(int(torch.cuda.is_available()))')
if [ "$DEVICE" = auto ]; then DEVICE=$([ "$HAS_CUDA" = 1 ] && echo cuda || echo cpu); fi
say "python $("$PYTHON" -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__)'), device $DEVICE, run folder $RUN"

# Budgets and epochs. CPU: time budgets (the schedule is fitted to them); CUDA: epochs.
if [ "$SMOKE" = 1 ]; then
  : "${DET_EPOCHS:=3}" "${EMB_EPOCHS:=3}" "${OFFLINE_EPOCHS:=1}"
  : "${DET_BUDGET:=60}" "${EMB_BUDGET:=45}" "${OFFLINE_BUDGET:=20}"
  DATA="${DATA:-/tmp/btl-data-smoke}"
  MODELS="${MODELS:-$RUN/models}"
elif [ "$DEVICE" = cpu ]; then
  : "${DET_EPOCHS:=200}" "${EMB_EPOCHS:=200}" "${OFFLINE_EPOCHS:=200}"
  : "${DET_BUDGET:=1200}" "${EMB_BUDGET:=780}" "${OFFLINE_BUDGET:=240}"
else
  : "${DET_EPOCHS:=60}" "${EMB_EPOCHS:=60}" "${OFFLINE_EPOCHS:=15}"
  : "${DET_BUDGET:=0}" "${EMB_BUDGET:=0}" "${OFFLINE_BUDGET:=0}"
fi
DATA="${DATA:-/tmp/btl-data}"
MODELS="${MODELS:-$ROOT/infra/models}"

# (2) the CLI
if [ ! -f "$JAR" ]; then
  say "building $JAR"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi

# (3) the data set
if [ "$REGENERATE" = 1 ] || [ ! -d "$DATA/meta/json" ]; then
  if [ "$SMOKE" = 1 ]; then
    say "generating a small data set in $DATA (--scale 0.1)"
    java -jar "$JAR" generate --out "$DATA" --seed 42 --scale 0.1 --overwrite
  else
    say "generating the data set in $DATA (seed 42, default size)"
    java -jar "$JAR" generate --out "$DATA" --seed 42 --overwrite
  fi
else
  say "using the data set already in $DATA (REGENERATE=1 to rebuild it)"
fi

# (4) pack, (5) fit
say "packing"
"$PYTHON" -m btl_train.train pack --data "$DATA" --out "$RUN/pack.npz"
say "training (log: $RUN/train.log, curves: $RUN/history.json)"
"$PYTHON" -m btl_train.train fit --pack "$RUN/pack.npz" --out "$RUN" --device "$DEVICE" \
  --seed "$SEED" $([ "$DEVICE" = cuda ] && echo --amp) \
  --det-epochs "$DET_EPOCHS" --det-budget "$DET_BUDGET" \
  --emb-epochs "$EMB_EPOCHS" --emb-budget "$EMB_BUDGET" --emb-size "$EMB_SIZE" \
  --offline-epochs "$OFFLINE_EPOCHS" --offline-budget "$OFFLINE_BUDGET" \
  $([ "$SMOKE" = 1 ] && echo "--det-eval-every 1 --emb-eval-every 1")

# (6) export
say "exporting into $MODELS"
"$PYTHON" -m btl_train.train export --run "$RUN" --models "$MODELS"

# (7) Python-side evaluation of the exported ONNX models
say "evaluating the exports (Python, ONNX Runtime)"
"$PYTHON" -m btl_train.train eval --data "$DATA" --detector "$MODELS/detector" \
  --embedder "$MODELS/embedder" --embedder-offline "$RUN/embedder_offline" \
  --json "$RUN/eval_python.json" > "$RUN/eval_python.out"
"$PYTHON" - "$RUN/eval_python.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
d = r.get("detection", {})
print(f"detection  AP@0.5 {d.get('ap50', float('nan')):.4f}  AP@[.5:.95] {d.get('ap5095', float('nan')):.4f}")
for label, v in r.get("retrieval", {}).items():
    g = v["gt_boxes"]
    line = f"retrieval  {label}: gt boxes top1 {g['top1']:.4f} top10 {g['top10']:.4f} top20 {g['top20']:.4f}"
    if "detected_boxes" in v:
        dd = v["detected_boxes"]
        line += f" | detected boxes top1 {dd['top1']:.4f} top20 {dd['top20']:.4f} (found {dd['found']:.3f})"
    print(line)
PY

# (8) the Java evaluation of the same folders
say "btl eval"
if java -jar "$JAR" eval --data "$DATA" --detector "$MODELS/detector" --embedder "$MODELS/embedder" \
     --json "$RUN/eval_java.json" > "$RUN/eval_java.out" 2> "$RUN/eval_java.err"; then
  cat "$RUN/eval_java.out"
else
  say "btl eval did not accept the model folders (yet): see $RUN/eval_java.err; the Python figures above stand"
  tail -5 "$RUN/eval_java.err" || true
fi
say "done in $(( $(date +%s) - T0 ))s; timings: $("$PYTHON" -c "import json; print(json.load(open('$RUN/history.json'))['timing'])")"
