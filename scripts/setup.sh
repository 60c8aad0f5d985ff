#!/usr/bin/env bash
# Installs everything the project needs on Debian: system packages, a virtual
# environment in .venv with the exact, hash-checked versions of requirements.lock
# (refreshed by scripts/lock.sh), and the package itself, editable.
# Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t packages < <(grep -v '^\s*#' scripts/apt-packages.txt | grep -v '^\s*$')
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    apt_line="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && $apt_line -qq
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        sudo -n env DEBIAN_FRONTEND=noninteractive $apt_line -qq
    else
        echo "These system packages are missing and I cannot install them without a password:" >&2
        echo "    sudo apt-get update && sudo $apt_line" >&2
        echo "Run that line, then run this command again." >&2
        exit 1
    fi
fi

python=${PYTHON:-python3}
stamp=.venv/.installed-$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ ! -e "$stamp" ]; then
    # A new or changed lock: a fresh environment, so nothing outside the lock lingers.
    rm -rf .venv
    "$python" -m venv .venv
    pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
    # Only the locked, hashed pins (build tools included), then the package without
    # resolving anything again: the same versions on every machine.
    "${pip[@]}" --require-hashes -r requirements.lock
    "${pip[@]}" --no-deps --no-build-isolation -e .
    rm -f .venv/.installed-* && touch "$stamp"
fi
# Byte-compile like a regular pip install does (an editable install does not), so a
# start never compiles sources, even where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -m compileall -q -j 0 kartlaggning >/dev/null
