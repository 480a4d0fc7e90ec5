#!/usr/bin/env bash
# Load (README, Speed): `btl serve` under wrk on loopback, on the two read routes of the API:
#   GET /looks/{id}                  an EMBEDDED look with items (uploaded through the API first,
#                                    so every request runs top-k for each item, with the default
#                                    k=6, and looks up the matched products)
#   GET /products/{id}/similar?k=6   a product of that look's matches
# each for LOAD_DURATION (default 60s) with `wrk -t2 -c16 --latency`. Prints wrk's output, then
# per route req/s, p50, p99 and errors (non-2xx/3xx answers + socket errors), the target, the
# load average before and after, and as its last line name=value pairs.
# Target on 2 cores: >= 500 req/s, p99 < 100 ms, zero errors.
# Usage: infra/bench/load.sh            LOAD_DURATION=10s infra/bench/load.sh   (a quick run)
# Environment: LOAD_THREADS (2), LOAD_CONNECTIONS (16), BTL_BENCH_DIR (/tmp/btl-load), and those
# of serve_lib.sh (BTL_URL, BTL_BENCH_DATA, BTL_JAVA_OPTS, MVN_ARGS).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${BTL_BENCH_DIR:-/tmp/btl-load}
duration=${LOAD_DURATION:-60s}
threads=${LOAD_THREADS:-2}
connections=${LOAD_CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "load.sh needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
mkdir -p "$work"
# shellcheck source=infra/bench/serve_lib.sh
source infra/bench/serve_lib.sh
serve_start "$work"

read -r look product < <(python3 infra/bench/look_client.py one "$BASE") || true
[ -n "${product:-}" ] || { echo "load.sh: could not make an EMBEDDED look with matches" >&2; exit 1; }
looks_url="$BASE/looks/$look"
similar_url="$BASE/products/$product/similar?k=6"
for url in "$looks_url" "$similar_url"; do
  status=$(curl -s -o "$work/answer.json" -w '%{http_code}' "$url")
  [ "$status" = 200 ] || { echo "GET $url -> $status: $(head -c 300 "$work/answer.json")" >&2; exit 1; }
done
python3 - "$work/answer.json" <<'PY'
import json, sys
# the similar answer: the product and k matches
a = json.load(open(sys.argv[1]))
assert len(a["matches"]) == 6, a
PY
items=$(curl -s "$looks_url" | python3 -c 'import json,sys; l=json.load(sys.stdin); print(len(l["items"]), sum(len(i["matches"]) for i in l["items"]))')
echo "# look $look: ${items% *} items, ${items#* } matches in all; product $product"

echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for name in looks similar; do
  url=$looks_url
  [ "$name" = similar ] && url=$similar_url
  # a short warm-up run (JIT, caches), not counted
  wrk -t"$threads" -c"$connections" -d5s "$url" >/dev/null
  echo "# wrk -t$threads -c$connections -d$duration --latency $url"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url" | tee "$work/wrk-$name.txt"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

def ms(text):
    v, u = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text).groups()
    return float(v) * unit[u]

out, errors = {}, 0
for name in ("looks", "similar"):
    t = open(f"{work}/wrk-{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", t).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", t).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", t) or [0, 0])[1])
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    sock_n = sum(int(x) for x in sock.groups()) if sock else 0
    errors += non2xx + sock_n
    print(f"{name:8} {rps:9.0f} req/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
          f"{total} requests, {non2xx} non-2xx, {sock_n} socket errors")
    out[f"{name}_rps"] = f"{rps:.0f}"
    out[f"{name}_p50_ms"] = f"{p50:.2f}"
    out[f"{name}_p99_ms"] = f"{p99:.2f}"
print("target on 2 cores: >= 500 req/s, p99 < 100 ms, zero errors")
out["errors"] = str(errors)
print(" ".join(f"{k}={v}" for k, v in out.items()))
PY
