#!/usr/bin/env bash
# Domain-randomised training of the default models, warm-started from infra/models, on draws the
# evaluation never sees (see infra/training/README.md, "Honest figures").
#
#   infra/training/train_robust.sh                 # CPU: about 90 min with the default budgets
#   infra/training/train_robust.sh --det-budget=600 --emb-budget=300   # shorter
#
# Steps: (1) collect the real photographs (collect_backgrounds.sh) into BG; (2) generate the
# training draws: seed 42 (the original training seed, synthetic scenery), seeds 1001 and 1002
# composed over BG/train (75 % of photos over a real photograph, the wider street-photo
# variations) and seeds 1003-1006 with half the street photos and synthetic scenery (each draw
# brings new product families and garment shapes: variety across draws is what an unseen draw
# asks for); (3) pack them as one; (4) fine-tune the detector and the batch-hard embedder from
# INIT; (5) export into MODELS. Evaluate with infra/training/eval_honest.sh.
#
# Settings (environment or --name=value): BG=/tmp/btl-backgrounds  WORK=/tmp/btl-robust
#   RUN=infra/training/runs/<time>-robust  INIT=infra/models  MODELS=$RUN/models (copy to ship)
#   DEVICE=auto|cpu|cuda  DET_BUDGET=2700  EMB_BUDGET=1800 (seconds)  DET_LR=5e-4  EMB_LR=3e-4
#   TRAIN_SEEDS="1001 1002"  SHARE=0.75  EXTRA_SEEDS="1003 1004 1005 1006"
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    --*=*) kv="${arg#--}"; k="$(echo "${kv%%=*}" | tr 'a-z-' 'A-Z_')"; export "$k=${kv#*=}" ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
  esac
done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/infra/cli/target/btl.jar"
BG="${BG:-/tmp/btl-backgrounds}"
WORK="${WORK:-/tmp/btl-robust}"
RUN="${RUN:-$HERE/runs/$(date +%Y%m%d-%H%M%S)-robust}"
INIT="${INIT:-$ROOT/infra/models}"
MODELS="${MODELS:-$RUN/models}"
DEVICE="${DEVICE:-auto}"
DET_BUDGET="${DET_BUDGET:-2700}"; EMB_BUDGET="${EMB_BUDGET:-1800}"
DET_LR="${DET_LR:-5e-4}"; EMB_LR="${EMB_LR:-3e-4}"
TRAIN_SEEDS="${TRAIN_SEEDS:-1001 1002}"; SHARE="${SHARE:-0.75}"
EXTRA_SEEDS="${EXTRA_SEEDS-1003 1004 1005 1006}"
mkdir -p "$RUN" "$WORK"
RUN="$(cd "$RUN" && pwd)"
exec > >(tee -a "$RUN/train_robust.log") 2>&1
T0=$(date +%s)
say() { echo "[train_robust $(date +%H:%M:%S) +$(( $(date +%s) - T0 ))s] $*"; }
if [ -z "${PYTHON:-}" ]; then
  if [ ! -x "$HERE/.venv/bin/python" ]; then
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q --retries 0 --timeout 3 -r "$HERE/requirements.txt"
  fi
  PYTHON="$HERE/.venv/bin/python"
fi
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)

[ -d "$BG/train" ] || PYTHON="$PYTHON" "$HERE/collect_backgrounds.sh" "$BG"
DATASETS=()
gen() { # gen NAME ARGS...: generate a draw once
  local out="$WORK/$1"; shift
  if [ ! -f "$out.done" ]; then  # a generation cut short leaves no .done: it runs again
    say "btl generate --out $out $*"
    java -jar "$JAR" generate --out "$out" --overwrite "$@" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }
    touch "$out.done"
  fi
  DATASETS+=(--data "$out")
}
gen s42 --seed 42
for s in $TRAIN_SEEDS; do gen "s$s-bg" --seed "$s" --backgrounds "$BG/train" --background-share "$SHARE"; done
for s in $EXTRA_SEEDS; do gen "s$s" --seed "$s" --street-photos 1000; done
say "packing ${DATASETS[*]}"
"$PYTHON" -m btl_train.train pack "${DATASETS[@]}" --out "$RUN/pack.npz"
say "fine-tuning from $INIT (log $RUN/train.log, curves $RUN/history.json)"
"$PYTHON" -m btl_train.train fit --pack "$RUN/pack.npz" --out "$RUN" --device "$DEVICE" \
  --what det,emb --init "$INIT" \
  --det-epochs 200 --det-budget "$DET_BUDGET" --det-lr "$DET_LR" --det-eval-every 3 \
  --emb-epochs 200 --emb-budget "$EMB_BUDGET" --emb-lr "$EMB_LR" --emb-eval-every 2
say "exporting into $MODELS"
"$PYTHON" -m btl_train.train export --run "$RUN" --models "$MODELS" \
  --data-note "btl generate --seed 42; --seed $TRAIN_SEEDS --backgrounds BG/train --background-share $SHARE; --seed $EXTRA_SEEDS --street-photos 1000; warm start from $INIT"
say "done in $(( $(date +%s) - T0 ))s; evaluate with infra/training/eval_honest.sh"
