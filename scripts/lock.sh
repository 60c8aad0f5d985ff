#!/usr/bin/env bash
# Refresh requirements.lock: every package of the app, its tests and its build, pinned
# with hashes for every platform (Linux and Windows alike), from pyproject.toml's ranges;
# and packaging/requirements-bundle.txt, the bundle's build tools (PyInstaller), likewise.
#     scripts/lock.sh            # newest versions within the ranges
#     scripts/lock.sh --upgrade-package babel    # extra arguments go to uv pip compile
# Then run ./run-tests and commit requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
if [ ! -x .venv-tools/bin/uv ] || [ "$(.venv-tools/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    python3 -m venv .venv-tools
    .venv-tools/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
.venv-tools/bin/uv pip compile pyproject.toml packaging/build-requirements.in --extra test \
    --universal --python-version 3.11 --generate-hashes --no-header --quiet \
    --output-file requirements.lock "$@"
# The bundle's build tools, the same way (its own file: never installed with the app).
.venv-tools/bin/uv pip compile packaging/requirements-bundle.in \
    --universal --python-version 3.11 --generate-hashes --no-header --quiet \
    --output-file packaging/requirements-bundle.txt
echo "requirements.lock and packaging/requirements-bundle.txt refreshed; run ./run-tests, then commit them."
