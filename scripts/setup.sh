#!/usr/bin/env bash
# Sets up everything reportdiff needs on a Debian/Ubuntu machine: system libraries for WeasyPrint,
# a CJK font, a virtualenv with the package and its dev extras. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then need_apt+=(fonts-noto-cjk); fi
if ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 fontconfig); fi
if ! command -v fc-list >/dev/null 2>&1; then need_apt+=(fontconfig); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${need_apt[*]} with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: missing system packages; run: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi
PY=${PY:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
if ! .venv/bin/python -c 'import reportdiff, pytest, hypothesis, jsonschema, pypdf' 2>/dev/null \
   || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/pip install -q -e '.[dev]'
  touch .venv/.installed
fi
