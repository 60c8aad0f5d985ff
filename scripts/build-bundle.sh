#!/usr/bin/env bash
# Builds the one-folder bundle dist/kartlaggning/ (launchers kartlaggning and
# kartlaggning-cli) from packaging/kartlaggning.spec, in a build venv .venv-bundle.
#
#   scripts/build-bundle.sh            # Linux; on Windows run it from Git Bash
#                                      # (or scripts/build-bundle.ps1 from PowerShell)
#
# Needs python3 and python3-venv (plus, on Debian, the Qt wheels' system libraries from
# scripts/apt-packages.txt, which scripts/setup.sh installs). Asks nothing. Prints the
# bundle's size at the end. PYTHON picks the interpreter (default python3, or py -3 on
# Windows).
set -euo pipefail
cd "$(dirname "$0")/.."

case "$(uname -s)" in
    MINGW*|MSYS*|CYGWIN*) windows=1 ;;
    *) windows=0 ;;
esac
venv=.venv-bundle
if ((windows)); then
    python=${PYTHON:-py -3}
    vpython=$venv/Scripts/python.exe
else
    python=${PYTHON:-python3}
    vpython=$venv/bin/python
fi

start=$SECONDS
# Debian: what PyInstaller needs beyond python3-venv: `strip` (binutils; the spec strips
# the libraries) and, for Debian's own python3, the shared libpython (libpython3.X).
if ((!windows)) && command -v dpkg-query >/dev/null; then
    wanted=()
    command -v strip >/dev/null || wanted+=(binutils)
    if [ "$($python -c 'import sys; print(sys.base_prefix)')" = /usr ]; then
        libpython=libpython$($python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
        dpkg-query -W -f='${Status}' "$libpython" 2>/dev/null | grep -q "install ok installed" || wanted+=("$libpython")
    fi
    if ((${#wanted[@]})); then
        apt_line="apt-get install -y -qq --no-install-recommends ${wanted[*]}"
        if [ "$(id -u)" = 0 ]; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq && $apt_line
        elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            sudo -n env DEBIAN_FRONTEND=noninteractive $apt_line
        else
            echo "build-bundle: missing Debian packages; run: sudo apt-get update && sudo $apt_line" >&2
            exit 1
        fi
    fi
fi
if [ ! -x "$vpython" ]; then
    $python -m venv "$venv"
fi
pip=("$vpython" -m pip install -q --disable-pip-version-check)

# The build tool, locked with hashes like everything else (never a runtime dependency).
"${pip[@]}" --require-hashes -r packaging/requirements-bundle.txt

# The app's dependencies, then the app itself as a regular (non-editable) install, so
# the bundle holds what a wheel ships, not whatever lies in the checkout.
"${pip[@]}" --require-hashes -r requirements.lock
# setuptools and wheel are in the lock too: build with those, fetch nothing unpinned
"${pip[@]}" --no-deps --no-build-isolation --force-reinstall .
rm -rf build/lib build/bdist.* 2>/dev/null || true

# Run from build/pyinstaller, not the checkout: `python -m` puts the working directory
# on sys.path, and the analysis must find the installed package, not ./kartlaggning.
repo=$PWD
mkdir -p build/pyinstaller
(cd build/pyinstaller && "$repo/$vpython" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$repo/dist" --workpath "$repo/build/pyinstaller" "$repo/packaging/kartlaggning.spec")

bundle=dist/kartlaggning
for exe in kartlaggning kartlaggning-cli; do
    if ((windows)); then exe=$exe.exe; fi
    [ -x "$bundle/$exe" ] || { echo "build-bundle: $bundle/$exe is missing" >&2; exit 1; }
done
size=$(du -sm "$bundle" | cut -f1)
echo "Bundle: $bundle, ${size} MB, built in $((SECONDS - start)) s"
echo "Largest parts (MB):"
(cd "$bundle" && du -am . | sort -rn | awk 'NR>1 && NR<=13 {print "  " $0}')
