#!/usr/bin/env bash
# Checks template.yaml as code: this folder's pytest suite, which runs cfn-lint (with the custom
# rules of infra/cfn-rules, applied through .cfnlintrc) and requires no finding at all, then
# checks least-privilege IAM on the SAM-expanded template, resources, events/, and every custom
# rule firing on a broken copy.
# Runs from any directory; exits non-zero on any cfn-lint finding (errors, warnings and
# informational ones) or test failure. About 15 s on 2 idle cores.
# PYTHON picks the interpreter (default python3); it needs cfn-lint, aws-sam-translator,
# boto3 and pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}

if ! "$python" -c 'import cfnlint, samtranslator, boto3, pytest' 2>/dev/null; then
  echo "template tests: $python lacks cfn-lint, aws-sam-translator, boto3 or pytest" >&2
  echo "  pip install cfn-lint aws-sam-translator boto3 pytest" >&2
  exit 2
fi

PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -p no:cacheprovider -q infra/template-tests
