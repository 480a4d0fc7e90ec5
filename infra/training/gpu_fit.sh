#!/usr/bin/env bash
# Fits the three models from a pack on a CUDA machine that has PyTorch but no Java (the
# workplace's lent GPU): no data generation, no export (export and evaluation run afterwards
# where Java and the data set are: `python -m btl_train.train export/eval`).
#
#   infra/training/gpu_fit.sh PACK.npz OUT_DIR
#
# Each model is fitted by its own process, so a failure in one leaves the others; checkpoints,
# history.json and train.log land in OUT_DIR. Budgets (seconds of training, the schedule is
# fitted to them) from DET_BUDGET, EMB_BUDGET, OFFLINE_BUDGET.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACK="${1:?pack}"
OUT_DIR="${2:?output folder}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT_DIR"
export PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$PY" -c 'import torch, numpy, PIL; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), torch.cuda.get_device_name() if torch.cuda.is_available() else "")'
T0=$(date +%s)
status=0
run() {
  "$PY" -m btl_train.train fit --pack "$PACK" --out "$OUT_DIR" --device cuda --amp "$@" \
    || { echo "fit $* failed"; status=1; }
  echo "[gpu_fit] +$(( $(date +%s) - T0 ))s after: $*"
}
run --what det --det-epochs "${DET_EPOCHS:-400}" --det-budget "${DET_BUDGET:-170}" \
  --det-batch "${DET_BATCH:-64}" --det-lr "${DET_LR:-3e-3}" --det-eval-every "${DET_EVAL_EVERY:-40}"
run --what emb --emb-epochs "${EMB_EPOCHS:-600}" --emb-budget "${EMB_BUDGET:-130}" \
  --emb-size "${EMB_SIZE:-96}" --emb-eval-every "${EMB_EVAL_EVERY:-25}" --emb-lr "${EMB_LR:-1e-3}" \
  $([ "${EMB_SOFT:-0}" = 1 ] && echo --emb-soft)
run --what offline --offline-epochs "${OFFLINE_EPOCHS:-300}" --offline-budget "${OFFLINE_BUDGET:-45}" \
  --emb-size "${EMB_SIZE:-96}" --emb-eval-every "${OFFLINE_EVAL_EVERY:-2}" --emb-lr "${EMB_LR:-1e-3}"
exit $status
