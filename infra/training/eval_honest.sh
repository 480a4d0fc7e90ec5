#!/usr/bin/env bash
# The models' figures on draws they never saw: three unseen generator seeds (synthetic scenery),
# a set composed over the held-out real photographs, false alarms on those photographs without
# people, and the training seed's own test split beside them, labelled as such.
#
#   infra/training/eval_honest.sh [MODELS]       # default MODELS: infra/models
#   infra/training/eval_honest.sh --smoke        # tiny draws (--scale 0.05): checks the pipeline
#
# Settings (environment): BG=/tmp/btl-backgrounds (collect_backgrounds.sh runs if missing)
#   WORK=/tmp/btl-honest  OUT=<MODELS>/../eval-honest or infra/training/runs/eval-<time>
#   SEEDS="23 24 25" (unseen; training used 42, 1001, 1002)  REAL_SEED=31  TRAIN_SEED=42
#   SCALE=1 (data set size)  THREADS (btl eval workers)
# Prints one table row per data set, then a last line of name=value pairs.
set -euo pipefail
SMOKE=0
MODELS=""
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
    *) MODELS="$arg" ;;
  esac
done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/infra/cli/target/btl.jar"
MODELS="$(cd "${MODELS:-$ROOT/infra/models}" && pwd)"
BG="${BG:-/tmp/btl-backgrounds}"
SEEDS="${SEEDS:-23 24 25}"; REAL_SEED="${REAL_SEED:-31}"; TRAIN_SEED="${TRAIN_SEED:-42}"
SCALE="${SCALE:-1}"
[ "$SMOKE" = 1 ] && SCALE=0.05
WORK="${WORK:-/tmp/btl-honest}-x$SCALE"
OUT="${OUT:-$HERE/runs/eval-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$WORK" "$OUT"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -ntp -DskipTests package)
[ -d "$BG/holdout" ] || "$HERE/collect_backgrounds.sh" "$BG"
THREADS_ARG=()
[ -n "${THREADS:-}" ] && THREADS_ARG=(--threads "$THREADS")

gen() { # gen NAME ARGS...
  local dir="$WORK/$1"; shift
  if [ ! -f "$dir.done" ]; then  # a generation cut short leaves no .done: it runs again
    java -jar "$JAR" generate --out "$dir" --overwrite --scale "$SCALE" "$@" > "$dir.log" 2>&1 \
      || { cat "$dir.log"; exit 1; }
    touch "$dir.done"
  fi
}
ev() { # ev NAME: btl eval on WORK/NAME → OUT/NAME.json (kept when there: a rerun resumes)
  [ -f "$OUT/$1.json" ] && return 0
  java -jar "$JAR" eval --data "$WORK/$1" --detector "$MODELS/detector" \
    --embedder "$MODELS/embedder" --no-baseline "${THREADS_ARG[@]}" --json "$OUT/$1.json" \
    > "$OUT/$1.txt" 2> "$OUT/$1.err" || { cat "$OUT/$1.err"; exit 1; }
}
for s in $SEEDS; do gen "s$s" --seed "$s"; ev "s$s"; echo "eval_honest: seed $s done"; done
gen "real-s$REAL_SEED" --seed "$REAL_SEED" --backgrounds "$BG/holdout"; ev "real-s$REAL_SEED"
echo "eval_honest: real-background set done"
gen "s$TRAIN_SEED" --seed "$TRAIN_SEED"; ev "s$TRAIN_SEED"
echo "eval_honest: training seed done"
java -jar "$JAR" eval --negatives "$BG/holdout" --negatives-out "$OUT/false-alarms" \
  --detector "$MODELS/detector" > "$OUT/negatives.txt" 2> "$OUT/negatives.err" \
  || { cat "$OUT/negatives.err"; exit 1; }

python3 - "$OUT" "$SEEDS" "$REAL_SEED" "$TRAIN_SEED" "$MODELS" <<'PY'
import json, sys, re
out, seeds, real, train, models = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4], sys.argv[5]
keys = [("ap50", "AP@0.5"), ("top1", "top-1"), ("top20", "top-20"), ("top1_detected", "top-1 det")]
def load(name):
    return json.load(open(f"{out}/{name}.json"))["overall"]
rows = {f"seed {s} (unseen)": load(f"s{s}") for s in seeds}
print(f"models: {models}")
print(f"{'data set':34s}" + "".join(f"{h:>11s}" for _, h in keys))
for name, r in rows.items():
    print(f"{name:34s}" + "".join(f"{r[k]:11.3f}" for k, _ in keys))
mean = {k: sum(r[k] for r in rows.values()) / len(rows) for k, _ in keys}
worst = {k: min(r[k] for r in rows.values()) for k, _ in keys}
print(f"{'unseen seeds, mean':34s}" + "".join(f"{mean[k]:11.3f}" for k, _ in keys))
print(f"{'unseen seeds, worst':34s}" + "".join(f"{worst[k]:11.3f}" for k, _ in keys))
realr = load(f"real-s{real}")
print(f"{'real backgrounds (held out), s' + real:34s}" + "".join(f"{realr[k]:11.3f}" for k, _ in keys))
tr = load(f"s{train}")
print(f"{'training seed ' + train + ' (its test split)':34s}" + "".join(f"{tr[k]:11.3f}" for k, _ in keys))
neg = open(f"{out}/negatives.txt").read()
m = re.search(r"false_alarm_images=(\d+) false_alarm_items=(\d+) per_image=([0-9.]+)", neg)
print(neg.strip().splitlines()[0])
summary = {"unseen_ap50_mean": mean["ap50"], "unseen_top1_mean": mean["top1"],
           "unseen_top20_mean": mean["top20"], "unseen_top1_det_mean": mean["top1_detected"],
           "unseen_ap50_worst": worst["ap50"], "unseen_top1_worst": worst["top1"],
           "unseen_top1_det_worst": worst["top1_detected"], "real_ap50": realr["ap50"],
           "real_top1": realr["top1"], "real_top1_det": realr["top1_detected"],
           "train_seed_ap50": tr["ap50"], "train_seed_top1": tr["top1"],
           "train_seed_top1_det": tr["top1_detected"],
           "false_alarms_per_image": float(m.group(3)) if m else float("nan")}
json.dump(summary, open(f"{out}/summary.json", "w"), indent=1)
print(" ".join(f"{k}={v:.3f}" for k, v in summary.items()))
PY
