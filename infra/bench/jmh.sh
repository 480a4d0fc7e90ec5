#!/usr/bin/env bash
# JMH micro-benchmarks of the index kernels (infra/bench/src/main/java/com/buythatlook/core/index):
#   KernelBenchmark  the Vector API kernels beside the scalar ones, rows in cache (dims 64-768)
#   ScanBenchmark    one query's full top-6 scan, float32 and int8, of 1M x 256 rows, beside the
#                    memory floor (streamRead) measured in the same fork
# Usage: infra/bench/jmh.sh [JMH options] [benchmark regexp]   e.g.
#   infra/bench/jmh.sh KernelBenchmark -p dim=256
#   infra/bench/jmh.sh ScanBenchmark -p rows=100000
#   infra/bench/jmh.sh -h          (every JMH option)
# Each benchmark forks with the JVM options of its @Fork (--add-modules=jdk.incubator.vector, and
# for ScanBenchmark a 3 GB pre-touched heap on huge pages); -jvmArgsAppend replaces them, so repeat
# them: -jvmArgsAppend "--add-modules=jdk.incubator.vector -XX:MaxVectorSize=32" caps the kernels'
# preferred vectors at 256 bits.
set -euo pipefail
if [ "${1:-}" = --help ]; then sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0; fi
cd "$(dirname "$0")/../.."
[ -f infra/bench/target/btl-bench.jar ] || mvn -q -B -DskipTests -pl infra/bench -am package
exec java -cp infra/bench/target/btl-bench.jar org.openjdk.jmh.Main "$@"
