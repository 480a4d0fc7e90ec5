#!/usr/bin/env bash
# Speed (README): photo → recommendations through the local API, warm, one photo after another.
# Starts `btl serve` (serve_lib.sh; or uses BTL_URL), then look_client.py uploads the demo photos
# in turn as the web page does — POST /looks, the presigned multipart POST to the embedded S3
# server, GET /looks/{id} every POLL_MS (25) ms until EMBEDDED — and times each photo from the
# start of POST /looks to the poll that returned its matches. The first LATENCY_WARMUP (3)
# uploads warm the JVM and the models: they are printed, not counted. Prints every upload, the
# percentiles of each phase, the target, the load average before and after, and as its last line
# name=value pairs (n, p50_ms, p95_ms, max_ms).
# Target on 2 cores, warm: p50 <= 500 ms, p95 <= 1 s.
# Usage: infra/bench/look-latency.sh [N=100]
# Environment: LATENCY_WARMUP, POLL_MS, BTL_BENCH_DIR (/tmp/btl-look-latency), and those of
# serve_lib.sh (BTL_URL, BTL_BENCH_DATA, BTL_JAVA_OPTS, MVN_ARGS).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100}
warmup=${LATENCY_WARMUP:-3}
work=${BTL_BENCH_DIR:-/tmp/btl-look-latency}
mkdir -p "$work"
# shellcheck source=infra/bench/serve_lib.sh
source infra/bench/serve_lib.sh
serve_start "$work"

echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
python3 infra/bench/look_client.py latency "$BASE" "$n" "$warmup" >"$work/latency.txt"
# every upload's line is in the file; here the warm-up, the summary and the percentiles
grep -v -e '^ *[0-9][0-9]* ' -e '^n=' "$work/latency.txt"
echo "# every upload: $work/latency.txt"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
tail -n 1 "$work/latency.txt"
