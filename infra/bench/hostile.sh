#!/usr/bin/env bash
# Hostile images (README, Reliability): the corpus of shared/vision's HostileImages (zero
# bytes, truncated, non-images named .jpg, 100000×100000 bombs, 1×1, 20000×20, 16-bit, CMYK,
# grey, alpha, EXIF-rotated, animated WebP, ...), generated at run time, goes
#  1. through the detect step (DetectStep, what the detect handler runs per S3 record) with the
#     real default detector, all cases in one JVM with -Xmx256m (HostileCorpusRun): per case the
#     outcome, the reason and the milliseconds, then the peak heap and the peak RSS (VmHWM);
#  2. through `btl look FILE`, one JVM per file with -Xmx256m: exit 0 with its picture written,
#     or a non-zero exit with one readable `btl look: ...` line and no stack trace. The time is
#     the whole command (JVM start and model loading included); its RSS is from /usr/bin/time.
# A case counts as handled when it ends that way within 10 s (a case is killed at 60 s).
# The last line is name=value pairs. Exit status 0 when every case was handled both ways.
# Usage: infra/bench/hostile.sh [WORK_DIR]     (MVN_ARGS=-o for an offline build)
# WORK_DIR (else BTL_HOSTILE_DIR, default /tmp/btl-hostile) is emptied first: its own folder, not
# BTL_BENCH_DIR, which the other benchmarks use for their data.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-${BTL_HOSTILE_DIR:-/tmp/btl-hostile}}
heap=${HOSTILE_XMX:-256m}
limit_ms=10000
mvn="mvn -q -B ${MVN_ARGS:-}"
rm -rf "$work"
mkdir -p "$work/detect" "$work/look"

# ---- build what is missing or older than its sources
run_class=shared/vision/target/test-classes/com/buythatlook/vision/hostile/HostileCorpusRun.class
if [ ! -f "$run_class" ] || [ -n "$(find shared/core/src shared/vision/src -name '*.java' \
    -newer "$run_class" | head -1)" ]; then
  $mvn -pl shared/vision -am test-compile
fi
jar=infra/cli/target/btl.jar
if [ ! -f "$jar" ] || [ -n "$(find shared/core/src/main shared/vision/src/main \
    infra/cli/src/main -type f -newer "$jar" | head -1)" ]; then
  $mvn -DskipTests -pl infra/cli -am package
fi
$mvn -Dstyle.color=never dependency:build-classpath -pl shared/vision \
  -Dmdep.outputFile="$work/deps.txt" >/dev/null
# A snapshot of what was built, so that a rebuild while this runs cannot pull classes away;
# shared/core's own classes rather than a possibly stale btl-core jar from ~/.m2.
mkdir -p "$work/classes"
cp -r shared/vision/target/test-classes "$work/classes/vision-test"
cp -r shared/vision/target/classes "$work/classes/vision"
cp -r shared/core/target/classes "$work/classes/core"
cp "$jar" "$work/btl.jar"
deps=$(tr ':' '\n' < "$work/deps.txt" | grep -v '/btl-core-[^/]*\.jar$' | paste -sd: -)
cp="$work/classes/vision-test:$work/classes/vision:$work/classes/core:$deps"
run() { java -Xmx"$heap" -Djava.awt.headless=true -cp "$cp" \
  com.buythatlook.vision.hostile.HostileCorpusRun "$@"; }

# ---- 1. detect step, one JVM
echo "# detect step (DetectStep + infra/models/detector), one JVM, -Xmx$heap"
set +e
run --detector infra/models/detector --work "$work/detect" 2>"$work/detect.log" \
  | tee "$work/detect.txt"
set -e
detect=$(tail -1 "$work/detect.txt")
if [[ "$detect" != handled=* ]]; then
  echo "the detect run did not finish:"; tail -20 "$work/detect.log"
  detect="handled=0/1 (did not finish)"
fi

# ---- 2. btl look, one JVM per file
run --write "$work/corpus" >/dev/null 2>>"$work/detect.log"
echo
echo "# btl look FILE, one JVM per file, -Xmx$heap (time: whole command)"
printf '%-30s %4s %7s %7s  %s\n' file exit ms rss_mb "first line of output / error"
n=0; ok=0; max_ms=0; max_rss=0
for f in "$work"/corpus/*; do
  name=$(basename "$f")
  n=$((n + 1))
  start=$(date +%s%N)
  set +e
  /usr/bin/time -f %M -o "$work/look/$name.rss" \
    timeout -k 5 60 java -Xmx"$heap" -Djava.awt.headless=true -jar "$work/btl.jar" look "$f" \
      --detector infra/models/detector --embedder infra/models/embedder \
      --out "$work/look/$name.png" >"$work/look/$name.out" 2>"$work/look/$name.err"
  rc=$?
  set -e
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  rss=$(( $(tail -1 "$work/look/$name.rss" | tr -dc 0-9) / 1024 ))
  errors=$(grep -c '^btl look: ' "$work/look/$name.err" || true)
  traces=$(grep -cE '^\s+at |Exception|Error:' "$work/look/$name.err" || true)
  good=no
  if [ "$ms" -le "$limit_ms" ] && [ "$traces" -eq 0 ]; then
    if [ "$rc" -eq 0 ] && [ -s "$work/look/$name.png" ]; then
      good=yes; line=$(head -1 "$work/look/$name.out")
    elif [ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] && [ "$errors" -eq 1 ]; then
      line=$(grep '^btl look: ' "$work/look/$name.err")
      # readable: one sentence, no class names, under 300 characters
      if [ ${#line} -lt 300 ] && ! grep -qE '\b(java|javax|com|org|ai|nu)\.[a-z]' <<<"$line"
      then good=yes; fi
    fi
  fi
  [ "$good" = yes ] || line="NOT HANDLED (exit $rc): $(head -3 "$work/look/$name.err" | tr '\n' ' ')"
  [ "$good" = yes ] && ok=$((ok + 1))
  [ "$ms" -gt "$max_ms" ] && max_ms=$ms
  [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  printf '%-30s %4s %7s %7s  %s\n' "$name" "$rc" "$ms" "$rss" "${line//$work\/corpus\//}"
done

echo
echo "detect: $detect"
echo "btl look: handled=$ok/$n max_ms=$max_ms peak_rss_mb=$max_rss"
read -r d_ok d_n <<<"$(sed -E 's/^handled=([0-9]+)\/([0-9]+).*/\1 \2/' <<<"$detect")"
echo "detect_${detect// / detect_} look_handled=$ok/$n look_max_ms=$max_ms" \
  "look_peak_rss_mb=$max_rss"
[ "$d_ok" = "$d_n" ] && [ "$ok" = "$n" ]
