#!/usr/bin/env bash
# Makes the Python virtual environment with oTree 6 that
# `livehost-bench --target otree` runs (`otree prodserver` of this project):
#
#     bench/otree/setup.sh                # bench/otree/.venv
#     bench/otree/setup.sh /path/to/venv  # elsewhere (then pass --otree-venv)
#
# oTree comes from the package registry, pinned. Running it again changes
# nothing once the venv has that version.
set -euo pipefail

OTREE_VERSION="6.0.15"
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/.venv}"
python="${PYTHON:-python3}"

if [ -x "$venv/bin/otree" ] && [ "$("$venv/bin/otree" --version 2>/dev/null || true)" = "$OTREE_VERSION" ]; then
    echo "$venv has oTree $OTREE_VERSION already"
    exit 0
fi

if ! command -v "$python" >/dev/null; then
    echo "setup.sh: no $python: install Python 3 (3.8 or later), or name one with PYTHON=..." >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "making the virtual environment $venv"
    "$python" -m venv "$venv" || {
        echo "setup.sh: $python -m venv failed: install Python's venv module (Debian: apt-get install python3-venv)" >&2
        exit 1
    }
fi
echo "installing otree==$OTREE_VERSION into $venv"
"$venv/bin/python" -m pip install --quiet "otree==$OTREE_VERSION"
echo "$venv: oTree $("$venv/bin/otree" --version)"
