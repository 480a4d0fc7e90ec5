#!/usr/bin/env bash
# Runs every test: the Maven build with its unit and integration tests, the template checks,
# then the Python training tests. This is the README's test command and what CI runs.
#
# It first sets up what the tests need, so that it passes on a fresh machine:
#  - with apt-get and root: Java 17, Maven, Python's venv module, Chromium and its driver
#    (the browser test) where they are missing;
#  - a virtual environment in .venv (git-ignored) with the packages of
#    infra/training/requirements.txt and infra/bench/requirements.txt, moto[server] and
#    cfn-lint. It sees the system's site-packages, so what is installed there already is not
#    installed again; its bin/ goes first on PATH, so the tests' python3 and moto_server are
#    the environment's.
# Set-up is skipped on a re-run when nothing it installs from has changed.
#
#   ./run-tests.sh               set up, then run everything
#   ./run-tests.sh --setup-only  set up and stop
# BTL_VENV picks another folder for the environment; PYTHON the interpreter that creates it.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
venv=${BTL_VENV:-$root/.venv}
python=${PYTHON:-python3}
pip_packages=('moto[server]>=5.2,<6' 'cfn-lint>=1.51,<2' 'boto3' 'pytest')
requirements=(infra/training/requirements.txt infra/bench/requirements.txt)

say() { echo "run-tests: $*"; }

install_system_packages() {
  local needed=()
  command -v javac >/dev/null 2>&1 || needed+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || needed+=(maven)
  command -v "$python" >/dev/null 2>&1 || needed+=(python3 python3-pip python3-venv)
  # the web page's browser test drives Debian's Chromium through Debian's chromedriver
  [ -x /usr/bin/chromium ] || needed+=(chromium)
  [ -x /usr/bin/chromedriver ] || needed+=(chromium-driver)
  [ ${#needed[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
    say "missing ${needed[*]}; install them (this script uses apt-get only when run as root)"
    return 0
  fi
  say "installing ${needed[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  local log=/tmp/run-tests-apt.log
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${needed[@]}"; } \
      >"$log" 2>&1; then
    tail -20 "$log" >&2
    say "apt-get could not install ${needed[*]} (log: $log)" >&2
    exit 1
  fi
}

# The stamp says what the environment was last set up from; a re-run with the same inputs
# and the environment intact skips pip entirely.
setup_stamp() {
  { cat "${requirements[@]}"; printf '%s\n' "${pip_packages[@]}"; } | sha256sum | cut -c1-16
}

setup_python() {
  local stamp_file="$venv/.btl-setup" stamp
  stamp=$(setup_stamp)
  if [ -x "$venv/bin/python" ] && [ -x "$venv/bin/moto_server" ] \
      && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the virtual environment $venv"
    "$python" -m venv --system-site-packages "$venv"
  fi
  say "installing the Python packages into $venv (pip log: $venv/pip.log)"
  local args=()
  for r in "${requirements[@]}"; do args+=(-r "$r"); done
  if ! "$venv/bin/python" -m pip install --retries 0 --timeout 3 --disable-pip-version-check \
      "${args[@]}" "${pip_packages[@]}" >"$venv/pip.log" 2>&1; then
    grep -v "is ignored: it is neither a file nor a directory" "$venv/pip.log" | tail -20 >&2
    say "pip could not install the packages above; see $venv/pip.log" >&2
    exit 1
  fi
  # moto_server may come from the system's site-packages, whose scripts are not in the
  # environment's bin/: give it its own launcher (what pip writes for moto's entry point)
  if [ ! -x "$venv/bin/moto_server" ]; then
    printf '#!%s\nimport sys\nfrom moto.server import main\nsys.exit(main())\n' \
      "$venv/bin/python" >"$venv/bin/moto_server"
    chmod +x "$venv/bin/moto_server"
  fi
  "$venv/bin/python" -c "import torch, onnx, onnxruntime, numpy, PIL, pytest, faiss, moto, \
cfnlint, samtranslator, boto3, flask" || { say "the environment lacks a package" >&2; exit 1; }
  echo "$stamp" >"$stamp_file"
}

install_system_packages
setup_python
export PATH="$venv/bin:$PATH"
export PYTHON="$venv/bin/python"
hash -r
if [ "${1:-}" = "--setup-only" ]; then
  say "set up: $(command -v python3), $(command -v moto_server)"
  exit 0
fi

# Maven: quiet unless something fails (then the failing test's report and output are named);
# what the tests print goes to target/*-reports/*-output.txt. The forked test JVMs start with
# the Vector API's incubator module, and the JVM announces that on every start
# ("WARNING: Using incubator modules: jdk.incubator.vector", which no option turns off): that
# one expected line is left out.
say "Maven build, unit and integration tests (quiet unless something fails; ~15-25 min on 2 cores)"
start=$(date +%s)
# Failsafe merges its verdict into a failsafe-summary.xml left by an earlier run: a run that
# failed once would fail every later one until 'mvn clean'
find . -path ./.venv -prune -o -name failsafe-summary.xml -path '*/target/failsafe-reports/*' \
  -exec rm -f {} +
set +e
mvn -B -ntp -q -Dstyle.color=never verify 2>&1 \
  | sed -u -e 's/\x1b\[[0-9;]*m//g' \
  | grep -v --line-buffered -e '^$' -e 'WARNING: Using incubator modules: jdk.incubator.vector$'
status=${PIPESTATUS[0]}
set -e
python3 .ci/test_summary.py "$root" "$start"
if [ "$status" -ne 0 ]; then
  say "the Maven build failed (exit $status)" >&2
  exit "$status"
fi

# template.yaml: cfn-lint (with infra/cfn-rules) and the expanded template's policies as tests
say "template checks (infra/template-tests)"
./infra/template-tests/run.sh

if [ -d infra/training/tests ]; then
  say "Python training tests (infra/training/tests)"
  python3 -m pytest -q -p no:cacheprovider infra/training/tests
fi
# The models' honest evaluation, end to end on tiny draws: real photographs collected from
# Debian's wallpaper packages, street scenes composed over them, unseen seeds evaluated, false
# alarms counted on the held-out photographs (infra/training/README.md, "Honest figures").
bg=${BTL_BACKGROUNDS:-/tmp/btl-backgrounds}
if [ -d "$bg/holdout" ] || { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }; then
  say "model evaluation smoke test (infra/training/eval_honest.sh --smoke; log: /tmp/btl-eval-smoke.log)"
  if ! { [ -d "$bg/holdout" ] || infra/training/collect_backgrounds.sh "$bg"; } \
      >/tmp/btl-eval-smoke.log 2>&1 \
      || ! BG="$bg" OUT=/tmp/btl-eval-smoke infra/training/eval_honest.sh --smoke \
      >>/tmp/btl-eval-smoke.log 2>&1; then
    tail -20 /tmp/btl-eval-smoke.log >&2
    say "the model evaluation smoke test failed (log: /tmp/btl-eval-smoke.log)" >&2
    exit 1
  fi
  tail -1 /tmp/btl-eval-smoke.log
elif [ "${CI:-}" = true ]; then
  say "the model evaluation smoke test needs $bg or apt-get as root to collect photographs" >&2
  exit 1
else
  say "skipped the model evaluation smoke test: no $bg; run infra/training/collect_backgrounds.sh as root first"
fi
say "all tests passed"
