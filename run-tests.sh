#!/usr/bin/env bash
# Runs every test: the Maven build with its unit and integration tests, the template checks,
# then the Python training tests. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")"

mvn -B -ntp verify

# template.yaml: cfn-lint (with infra/cfn-rules) and the expanded template's policies as tests
./infra/template-tests/run.sh

if [ -d infra/training/tests ]; then
  python3 -m pytest infra/training/tests
fi
