#!/usr/bin/env bash
# The deployed stack, end to end, on a larger catalog than `mvn verify` uses: runs
# DeployedStackIT (infra/cli/src/test/java/com/buythatlook/cli/stack/DeployedStackIT.java, whose
# javadoc says what is checked) with a bigger generated catalog and more looks. In short:
# template.yaml is packaged, SAM-expanded and created on moto_server's CloudFormation
# (infra/stack/moto_deploy.py); the functions' environments, the bucket, table, queue and the
# batch job definition's environment are read from the created stack; the batch entrypoint
# indexes the catalog; each photo goes POST /looks -> bucket -> DetectHandler -> queue ->
# EmbedHandler -> GET /looks/{id}; then one price changes, one product goes, the job runs again
# (with the published version as base) and the looks are asked for again.
# Prints the test's output, then as its last line name=value pairs:
#   looks=20 items=N with_six=N with_details=N removed_shown=0 price_updated=1 products=N index=…
# Exit status 0 only when the test passed (every item six products with details, the removed
# product never shown, the new price shown).
# Usage: infra/bench/stack-flow.sh [LOOKS] [SCALE]   (defaults 20 and 1: 990 products)
# Needs what `mvn verify` needs (moto_server, python3 with boto3 and aws-sam-translator).
set -euo pipefail
cd "$(dirname "$0")/../.."
looks=${1:-20}
scale=${2:-1}
report=$(mktemp /tmp/btl-stack-flow.XXXXXX)
trap 'rm -f "$report"' EXIT

mvn -B -ntp -q -pl infra/cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=DeployedStackIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbtl.stackflow.looks="$looks" -Dbtl.stackflow.scale="$scale" -Dbtl.stackflow.report="$report" \
  ${MAVEN_OFFLINE:+-o} | grep -v '^{' || true
if [ ! -s "$report" ]; then
  echo "stack-flow: the test did not finish; see infra/cli/target/failsafe-reports/" >&2
  exit 1
fi
cat "$report"
