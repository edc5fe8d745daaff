#!/usr/bin/env bash
# Set-up for a fresh Debian/Ubuntu machine; idempotent, and quick the second time.
#
#   scripts/setup.sh            venv + pinned Python packages + Mermaid from npm
#   scripts/setup.sh browser    the same, plus Debian's chromium for the browser tests
#   scripts/setup.sh bench      the same as browser, plus the npm dev tools (Lighthouse)
#
# Each step is skipped when a stamp file is newer than the file it installs from.
set -euo pipefail
cd "$(dirname "$0")/.."

want=${1:-base}
VENV=.venv
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# System packages: installed with apt-get when we are root, otherwise one command to run.
apt_updated=
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing system packages. Run this once, then try again:" >&2
    echo "  sudo apt-get install -y $*" >&2
    exit 1
  fi
  say "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq "$@" >/dev/null
}
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
command -v npm >/dev/null 2>&1 || apt_install nodejs npm

# Python: a venv with exactly the versions in requirements.txt.
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  python3 -m venv "$VENV" 2>/dev/null || { rm -rf "$VENV"; apt_install python3-venv; python3 -m venv "$VENV"; }
fi
if [ ! -f "$VENV/.stamp" ] || [ requirements.txt -nt "$VENV/.stamp" ]; then
  say "installing Python packages from requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  touch "$VENV/.stamp"
fi

# npm: Mermaid (and, for the benchmark, Lighthouse) exactly as package-lock.json pins them.
# A bench install (with dev tools) also serves the other verbs.
fresh() { [ -f "$1" ] && [ "$1" -nt package-lock.json ]; }
npm_stamp=node_modules/.stamp-base
[ "$want" = bench ] && npm_stamp=node_modules/.stamp-bench
if ! fresh "$npm_stamp" && ! fresh node_modules/.stamp-bench; then
  if [ "$want" = bench ]; then
    say "installing npm packages (with dev tools) from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  else
    say "installing npm packages from package-lock.json"
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  fi
  touch "$npm_stamp"
fi

# The site serves its own copy of Mermaid (mermaid2 checks the file at config time).
mkdir -p docs/assets/javascripts
if ! cmp -s node_modules/mermaid/dist/mermaid.min.js docs/assets/javascripts/mermaid.min.js; then
  cp node_modules/mermaid/dist/mermaid.min.js docs/assets/javascripts/mermaid.min.js
fi

# Chromium for the browser tests and the diagram renderer, and its fonts: the renderer
# sizes boxes with DejaVu Sans (fonts-dejavu-core, the widest common fallback) so that
# labels drawn with Arial or its metric twin Liberation Sans (fonts-liberation) fit too;
# the label-fit test draws every SVG with both.
if [ "$want" != base ] && { [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
    ! fc-list 2>/dev/null | grep -q "DejaVuSans.ttf" ||
    ! fc-list 2>/dev/null | grep -q "LiberationSans-Regular"; }; then
  apt_install chromium fonts-liberation fonts-dejavu-core
fi
exit 0
