#!/usr/bin/env bash
# Look pipeline under duplicates, disorder and injected faults (reliability issue): the real detect
# and embed handlers on a moto_server the run starts, with S3 notifications, Lambda's async retries
# and on-failure destination, and the SQS event source mapping (batch item failures, visibility
# timeout, RedrivePolicy → DLQ) emulated around them. The driver is
# infra/cli/src/test/java/com/buythatlook/cli/chaos/ChaosRun.java (its package comment says what is
# checked); ChaosIT runs the same code small in `mvn verify`.
#   1. duplicates and disorder: 392 looks (40 photos reused, 4 % unusable uploads), 30 % of S3
#      events delivered twice and 30 % of embed messages handed over twice, shuffled, 2 function
#      instances at once; then the same looks once each, in order, into a second bucket/table/queue;
#      the end states must be equal (items, vectors bit for bit, crop bytes) with no crop twice.
#   2. injected faults, once with the SDK's retries off and once with its default 3 attempts: 100
#      looks while 10 % of the functions' S3/DynamoDB/SQS HTTP attempts fail (throttling, 500,
#      timeouts; some after the request was carried out); every look must end EMBEDDED, FAILED or
#      in a DLQ; then faults stop, the DLQs are redriven and every look must end terminal.
# Last line: events=… duplicates=… state_equal=true crops_duplicated=0 faults_injected=… lost=0
#            dlq=… after_redrive_terminal=…/… after_redrive_state_equal=true
# Exit status 0 only when every check held.
# Usage: infra/bench/chaos.sh [ChaosRun options, e.g. --looks 392 --fault-rate 0.10 --seed 1]
#   env: BTL_CHAOS_DIR (work folder, default /tmp/btl-chaos; the photos are generated there once),
#        BTL_CHAOS_BUILD=0 to use the current build as it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${BTL_CHAOS_DIR:-/tmp/btl-chaos}
mkdir -p "$dir"

if [ "${BTL_CHAOS_BUILD:-1}" != 0 ] || [ ! -f infra/cli/target/btl.jar ] \
    || [ ! -f infra/cli/target/test-classes/com/buythatlook/cli/chaos/ChaosRun.class ]; then
  # -DskipTests still compiles the tests: ChaosRun lives in infra/cli's test classes
  mvn -q -B -o -DskipTests package -pl infra/cli -am >&2
fi
# run a copy: another build rewriting target/ during the run cannot break it
rm -rf "$dir/run"
mkdir -p "$dir/run"
cp infra/cli/target/btl.jar "$dir/run/btl.jar"
cp -r infra/cli/target/test-classes "$dir/run/test-classes"

exec java -Xmx2g -cp "$dir/run/btl.jar:$dir/run/test-classes" com.buythatlook.cli.chaos.ChaosRun \
  --photo-dir "$dir/photos" --root . "$@"
