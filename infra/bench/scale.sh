#!/usr/bin/env bash
# Scale benchmark (issue 17): the query function on a catalog of ROWS products.
#   1. starts moto_server (S3 + DynamoDB) on a free loopback port;
#   2. `ScaleBench write` (infra/bench/scale/ScaleBench.java) publishes an index of ROWS random
#      unit vectors (128-D, float32 + int8 copy) with the project's IndexPublisher: categories in
#      an assumed retailer's proportions, log-normal prices, a long tail of 300 brands, and the
#      product details; then LOOKS looks of three items in the looks table through
#      DynamoLookStore (PENDING -> DETECTED -> EMBEDDED), categories drawn as the generator's
#      street photos draw them;
#   3. `ScaleBench serve` runs the query function's code (functions/query/target/query.zip on
#      the classpath, as Lambda lays it out in /var/task) in a JVM started as Lambda's java21
#      runtime starts one for MemorySize M: -XX:MaxHeapSize=0.85*M, SerialGC, tiered
#      compilation stopped at C1 unless the template's JAVA_TOOL_OPTIONS (added) set it; with the
#      template's INDEX_CACHE_MB, and the shard spill folder on a tmpfs of EphemeralStorage MB
#      (a /tmp of that size; root only, else a plain folder and the line says tmp_capped=0).
# Memory, cache and /tmp come from template.yaml's QuerySizing mapping for the CatalogSize the
# ROWS fall in; SCALE_MEMORY_MB, SCALE_CACHE_MB, SCALE_TMP_MB override them.
# SCALE_VARIANTS="lambda c1 scalar" serves the same index once per variant, each in a fresh JVM
# with an empty /tmp: lambda (default) as the runtime starts the JVM with the template's
# JAVA_TOOL_OPTIONS (which set C2); c1 with the JIT stopped at C1, the runtime's default;
# scalar at C1 without the Vector API module. A line per variant. SCALE_C1_WARM caps the warm
# requests of the c1 variant (its looks take seconds).
# Prints the writer's line, then the server's, the load average before and after, and as its
# last line name=value pairs: rows, settings, cold_ms (JVM start to the first look's answer,
# shard downloads and parsing included), warm p50/p99 of GET /looks/{id} (all; mem_hit: those
# that found their three categories' shards in memory; in_memory: those that read neither a
# shard nor a product details file), the look store's read alone (store_get), the look's three
# index searches alone (search3), GET /products/{id}/similar p50/p99, shards loaded from S3 and
# from the spill folder, evicted, spilled, spill failures, details files read, the largest
# shard fetched and parsed again alone, heap limit and peak RSS (VmHWM).
# Usage: infra/bench/scale.sh ROWS [LOOKS=300] [WARM=300]
# Needs: java 17+, moto_server (PATH, or MOTO_SERVER=path), python3 with aws-sam-translator
# (reads the template), and `mvn -pl functions/query -am package` (run here if the zip is
# missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:?usage: infra/bench/scale.sh ROWS [LOOKS] [WARM]}
looks=${2:-300}
warm=${3:-300}
work=${BTL_BENCH_DIR:-/tmp/btl-scale}
moto=${MOTO_SERVER:-$(command -v moto_server || echo .venv/bin/moto_server)}
python=${PYTHON:-$(dirname "$moto")/python3}
[ -x "$python" ] || python=python3
zip=functions/query/target/query.zip

[ -f "$zip" ] || mvn -q -B ${MVN_ARGS:-} -DskipTests -pl functions/query -am package
mkdir -p "$work"
rm -rf "$work/task" "$work/classes"
mkdir -p "$work/task" "$work/classes"
(cd "$work/task" && unzip -q "$OLDPWD/$zip")
cp="$work/task:$work/task/lib/*"
javac -nowarn -d "$work/classes" -cp "$cp" infra/bench/scale/ScaleBench.java

# the template's settings for this catalog size
read -r tier memory cache tmpmb tool_opts < <("$python" - "$rows" <<'PY'
import sys
from samtranslator.yaml_helper import yaml_parse
t = yaml_parse(open("template.yaml").read())
rows = int(sys.argv[1])
sizes = t["Parameters"]["CatalogSize"]["AllowedValues"]
limit = {s: int(float(s[:-1]) * (1_000 if s.endswith("k") else 1_000_000)) for s in sizes}
tier = next((s for s in sorted(sizes, key=limit.get) if rows <= limit[s]), max(sizes, key=limit.get))
m = t["Mappings"]["QuerySizing"][tier]
env = t["Resources"]["QueryFunction"]["Properties"]["Environment"]["Variables"]
print(tier, m["MemoryMb"], m["IndexCacheMb"], m["TmpMb"], env["JAVA_TOOL_OPTIONS"].replace(" ", ","))
PY
)
memory=${SCALE_MEMORY_MB:-$memory}
cache=${SCALE_CACHE_MB:-$cache}
tmpmb=${SCALE_TMP_MB:-$tmpmb}

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$moto" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
spill="$work/spill"
mkdir -p "$spill"
capped=0
cleanup() {
  if [ "$capped" = 1 ]; then umount "$spill" 2>/dev/null || true; fi
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.2
done
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
endpoint="http://127.0.0.1:$port"

echo "# $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# catalog size $rows: template tier $tier -> MemorySize $memory MB, INDEX_CACHE_MB $cache, /tmp $tmpmb MB"
/usr/bin/time -f "# writer: %e s wall, %M KB peak RSS" \
  java -Xmx"${SCALE_WRITER_HEAP:-4g}" -cp "$work/classes:$cp" com.buythatlook.bench.scale.ScaleBench \
  write --endpoint "$endpoint" --rows "$rows" --looks "$looks" --out "$work/looks.txt"

heap_kb=$((memory * 1024 * 85 / 100))
for variant in ${SCALE_VARIANTS:-lambda}; do
  # lambda: as the java21 runtime starts the JVM for the template: JIT stopped at C1 unless the
  # template's JAVA_TOOL_OPTIONS set the level (they set 4: C2); c1: forced to C1 with the
  # Vector API module (the template before it set the level); scalar: C1 without the module,
  # so the scalar kernels are chosen
  opts="${tool_opts//,/ }"
  n=$warm
  jit=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
  case "$variant" in
    lambda) if [[ "$opts" == *TieredStopAtLevel* ]]; then jit=(); fi ;;
    c1) n=${SCALE_C1_WARM:-$warm}; opts="${opts//-XX:TieredStopAtLevel=[0-9]/}" ;;
    scalar) opts="" ;;
    *) echo "unknown variant $variant (lambda, c1, scalar)" >&2; exit 2 ;;
  esac
  if [ "$capped" = 1 ]; then umount "$spill"; capped=0; fi
  rm -rf "${spill:?}"/* "$spill"/.spill-* 2>/dev/null || true
  if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size="${tmpmb}m" tmpfs "$spill" 2>/dev/null; then
    capped=1
  fi
  # shellcheck disable=SC2086
  JAVA_TOOL_OPTIONS="$opts" INDEX_CACHE_MB="$cache" INDEX_REFRESH_SECONDS=5 \
    java -XX:MaxHeapSize="${heap_kb}k" -XX:+UseSerialGC "${jit[@]}" -cp "$work/classes:$cp" com.buythatlook.bench.scale.ScaleBench \
    serve --endpoint "$endpoint" --looks "$work/looks.txt" --spill "$spill" --warm "$n" \
    >"$work/serve-$variant.txt" 2>"$work/serve-$variant.err" \
    || { tail -n 20 "$work/serve-$variant.err" "$work/serve-$variant.txt" >&2; exit 1; }
  # the function's JSON log lines (one per request) stay in serve-$variant.txt
  result="rows=$rows tier=$tier variant=$variant memory_mb=$memory cache_mb_setting=$cache tmp_mb=$tmpmb tmp_capped=$capped load1=$(cut -d" " -f1 /proc/loadavg) $(grep -v '^{' "$work/serve-$variant.txt" | tail -n 1)"
  echo "$result"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$result"
