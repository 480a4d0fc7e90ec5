#!/usr/bin/env bash
# Batch job kill/resume (reliability issue): kills the index job (btl-index.jar, the container's
# jar; `btl index` runs the same job) with SIGKILL at seeded random moments TRIALS times and
# re-runs it each time, while a reader polls index/CURRENT through IndexReader every few ms. The
# driver is one Java file run in source-file mode against that jar:
# infra/batch/src/test/java/com/buythatlook/batch/KillResume.java (its javadoc says what is
# checked). Kill moments, stratified and seeded: 15 % during JVM start and model load,
# 45 % during embedding (timed from the job's own plan line), 25 % while shards, manifest and
# CURRENT are written (timed from its 100 % progress line), 15 % after CURRENT flipped, during the
# clean-up of the work files; where each kill really landed is read off the disk afterwards.
# Prints a line per trial, then as its last line name=value pairs:
#   trials=20 completed=20 incomplete_seen=0 reused_chunks_median=… kill_points=… …
# Exit status 0 only when every re-run completed and verified and the reader saw nothing
# incomplete.
# Usage: infra/bench/kill-resume.sh [TRIALS] [SEED]
#   env: BTL_KR_DIR (work folder, default /tmp/btl-kill-resume; emptied first),
#        BTL_KR_CATALOG (catalog folder; default: generated once, 27 products per category),
#        BTL_KR_EMBEDDER (default: default, the shipped ONNX model), BTL_KR_CHUNK (default 8)
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=${1:-20}
seed=${2:-1}
dir=${BTL_KR_DIR:-/tmp/btl-kill-resume}
catalog=${BTL_KR_CATALOG:-/tmp/btl-kill-resume-catalog}
jar=infra/batch/target/btl-index.jar
btl=infra/cli/target/btl.jar

[ -f "$jar" ] || mvn -q -B -DskipTests -pl infra/batch -am package
if [ ! -f "$catalog/catalog/products.jsonl" ]; then
  [ -f "$btl" ] || mvn -q -B -DskipTests -pl infra/cli -am package
  # 11 categories x 27 = 297 products; one street photo (the index reads shop photos only)
  java -jar "$btl" generate --out "$catalog" --products-per-category 27 --street-photos 1 >/dev/null
fi
rm -rf "$dir"
mkdir -p "$dir"
# the children run a copy, so a rebuild of the jar during the run cannot break them; the default
# embedder is found from the current folder (the repository root)
cp "$jar" "$dir/btl-index.jar"

exec java -cp "$dir/btl-index.jar" infra/batch/src/test/java/com/buythatlook/batch/KillResume.java \
  --jar "$dir/btl-index.jar" --catalog "$catalog" --work "$dir" --trials "$trials" --seed "$seed" \
  --embedder "${BTL_KR_EMBEDDER:-default}" --chunk "${BTL_KR_CHUNK:-8}" --poll-ms 2
