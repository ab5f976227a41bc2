#!/usr/bin/env bash
# Installs Debian's English–Arabic FreeDict dictionary (GPL; loaded at run time, never copied into
# this repository). English questions work without it, word for word, with a notice.
set -euo pipefail
if [ -f /usr/share/dictd/freedict-eng-ara.index ]; then
  echo "dict-freedict-eng-ara is already installed."
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Not root and no sudo: install dict-freedict-eng-ara yourself (apt-get install dict-freedict-eng-ara)." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends dict-freedict-eng-ara \
  || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends dict-freedict-eng-ara; }
