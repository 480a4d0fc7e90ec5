#!/usr/bin/env bash
# Collects the real photographs that `btl generate --backgrounds DIR` composes street scenes over:
# installs Debian's wallpaper packages (plasma-workspace-wallpapers, mate-backgrounds,
# ukui-wallpapers, gnome-backgrounds, lomiri-wallpapers) and scikit-image when missing, keeps the
# photographs (not the drawings) and splits them by file into OUT/train and OUT/holdout.
# Nothing is committed; the split is a hash of each file's name, the same on every machine.
#
#   infra/training/collect_backgrounds.sh [OUT]          # default OUT: /tmp/btl-backgrounds
#
# Uses PYTHON (default: infra/training/.venv/bin/python, created from requirements.txt).
set -euo pipefail
case "${1:-}" in -h|--help) sed -n '2,10p' "$0"; exit 0 ;; esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-/tmp/btl-backgrounds}"
if [ -z "${PYTHON:-}" ]; then
  if [ ! -x "$HERE/.venv/bin/python" ]; then
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q --retries 0 --timeout 3 -r "$HERE/requirements.txt"
  fi
  PYTHON="$HERE/.venv/bin/python"
fi
if ! "$PYTHON" -c "import skimage" >/dev/null 2>&1; then
  "$PYTHON" -m pip install -q --retries 0 --timeout 3 scikit-image \
    || echo "collect_backgrounds: scikit-image could not be installed; its sample photos are left out"
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
   && ! dpkg -s plasma-workspace-wallpapers mate-backgrounds ukui-wallpapers gnome-backgrounds \
        lomiri-wallpapers >/dev/null 2>&1; then
  apt-get update -qq || true
fi
cd "$HERE" && exec "$PYTHON" -m btl_train.backgrounds collect --out "$OUT"
