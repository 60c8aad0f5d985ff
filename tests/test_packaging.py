"""What a user or municipal IT gets from a built package, not from this checkout.

The sdist and the wheel are built from a copy of the tree (the wheel from the sdist,
as ``python -m build`` does), installed into fresh virtual environments in a
temporary directory outside the repository, and used there: the console launcher
creates a vault, fills it and prints a PDF with the embedded font and Swedish text;
the window comes up in Swedish; the sdist's own tests pass from the unpacked sdist.
The dependency ranges of pyproject.toml are tried at their lowest and newest ends.

Slow (minutes, installs from the package index): marked ``packaging``, run in CI
or with KARTLAGGNING_FULL_TESTS=1.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version
from pypdf import PdfReader

from conftest import PASSPHRASE

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
NOT_SOURCES = shutil.ignore_patterns(".git", ".venv*", "dist", "build", "*.egg-info", "__pycache__",
                                     "*.pyc", "out", ".pytest_cache")
REQUIRED_IN_WHEEL = (
    "kartlaggning/resources/fonts/DejaVuSans.ttf",
    "kartlaggning/resources/fonts/DejaVuSans-Bold.ttf",
    "kartlaggning/resources/fonts/DejaVu-LICENSE.txt",
    "kartlaggning/resources/locale/sv/LC_MESSAGES/kartlaggning.mo",
    "kartlaggning/resources/passwords/common.txt",
)


def _run(cmd, *, cwd, env=None, timeout=1200, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{cmd} exited {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def _clean_env(home: Path) -> dict:
    """No PYTHONPATH, no repository on any path, config and data in ``home``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KARTLAGGNING_", "PYTHON", "VIRTUAL_ENV", "XDG_"))}
    for var, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["KARTLAGGNING_PASSPHRASE"] = PASSPHRASE
    return env


def _venv(where: Path) -> Path:
    _run([sys.executable, "-m", "venv", where], cwd=where.parent)
    return where / ("Scripts" if os.name == "nt" else "bin")


def _pip(bin_dir: Path, *args, cwd: Path) -> None:
    _run([bin_dir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", *args], cwd=cwd)


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outside-the-repo")
    assert ROOT not in path.parents
    return path


@pytest.fixture(scope="module")
def built(outside) -> tuple[Path, Path]:
    """(sdist, wheel) built from a copy of the sources, the wheel from the sdist."""
    source = outside / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    dist = outside / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source], cwd=outside)
    sdist, = dist.glob("kartlaggning-*.tar.gz")
    wheel, = dist.glob("kartlaggning-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(outside, built) -> Path:
    """A fresh venv outside the repository: the locked dependencies, then the wheel."""
    bin_dir = _venv(outside / "venv")
    _pip(bin_dir, "--require-hashes", "-r", LOCK, cwd=outside)
    _pip(bin_dir, "--no-deps", built[1], cwd=outside)
    return bin_dir


def _exe(bin_dir: Path, name: str) -> Path:
    return bin_dir / (name + (".exe" if os.name == "nt" else ""))


def _plan_participant(python: Path, cwd: Path, env: dict) -> str:
    code = ("from kartlaggning.demo import demo_records; "
            "print(next(r.participant.personnummer for r in demo_records() if r.planer))")
    return _run([python, "-c", code], cwd=cwd, env=env).stdout.strip()


def _cli_smoke(bin_dir: Path, work: Path) -> str:
    """init, demo, verify and print through the console launcher; the PDF's text."""
    work.mkdir()
    env = _clean_env(work)
    cli = _exe(bin_dir, "kartlaggning-cli")
    vault = work / "vault.kvault"
    init = _run([cli, "init", "--vault", vault], cwd=work, env=env)
    assert "Återställningsnyckel" in init.stdout, init.stdout  # Swedish by default
    _run([cli, "demo", "--vault", vault], cwd=work, env=env)
    verify = _run([cli, "verify", "--vault", vault], cwd=work, env=env)
    assert verify.returncode == 0
    pdf = work / "plan.pdf"
    pnr = _plan_participant(bin_dir / "python", work, env)
    _run([cli, "print", "--vault", vault, "--participant", pnr, "--document", "plan", "--out", pdf],
         cwd=work, env=env)
    data = pdf.read_bytes()
    assert b"/FontFile2" in data and b"DejaVuSans" in data  # the bundled TrueType, embedded
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


# ---- the wheel and the sdist -------------------------------------------------------------

def test_wheel_has_every_resource_and_both_launchers(built):
    with zipfile.ZipFile(built[1]) as wheel:
        names = set(wheel.namelist())
        entry_points = next(wheel.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert not [n for n in REQUIRED_IN_WHEEL if n not in names]
    assert re.search(r"\[gui_scripts\]\s*kartlaggning = kartlaggning.__main__:main_gui", entry_points)
    assert re.search(r"\[console_scripts\]\s*kartlaggning-cli = kartlaggning.__main__:main_cli", entry_points)


def test_sdist_has_the_tests_and_what_they_read(built):
    with tarfile.open(built[0]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for needed in ("tests/conftest.py", "tests/fixtures/v1.kvault", "docs/export.schema.json",
                   "scripts/translations.py", "requirements.lock", "benchmarks/bench_vault.py", *REQUIRED_IN_WHEEL):
        assert needed in names, needed


def test_installed_wheel_prints_in_swedish_with_the_font_embedded(installed, outside):
    assert _exe(installed, "kartlaggning").exists()  # the window's launcher is there too
    text = _cli_smoke(installed, outside / "cli-smoke")
    assert "Individuell plan mot arbete" in text
    assert "å" in text and "ä" in text


def test_installed_wheel_shows_the_window_in_swedish(installed, outside):
    work = outside / "gui-smoke"
    work.mkdir()
    code = """
import sys
from PySide6.QtWidgets import QApplication, QDialogButtonBox
app = QApplication(sys.argv)
from kartlaggning.config import AppConfig
from kartlaggning.ui import translation
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session
translation.install(AppConfig.load().language)
window = MainWindow(Session(__import__("pathlib").Path("ny.kvault")), AppConfig())
window.show()
app.processEvents()
print("|".join(a.text() for a in window.menuBar().actions()))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print(box.button(QDialogButtonBox.StandardButton.Cancel).text())
print(window.grab().width() > 0)
"""
    out = _run([installed / "python", "-c", code], cwd=work, env=_clean_env(work)).stdout.split("\n")
    assert "&Arkiv" in out[0].split("|"), out
    assert out[1].replace("&", "") == "Avbryt"  # Qt's own strings, qtbase_sv.qm
    assert out[2] == "True"


def _crash_report(stderr: str) -> str:
    """A crash's faulthandler dump from its start (the test and the C call that crashed
    come first, the pytest frames after), else the end of stderr."""
    start = stderr.find("Fatal Python error")
    return stderr[start:start + 8000] if start >= 0 else stderr[-2000:]


def test_sdist_tests_pass_from_the_unpacked_sdist(installed, built, outside):
    unpacked = outside / "unpacked"
    with tarfile.open(built[0]) as sdist:
        sdist.extractall(unpacked, filter="data")
    tree, = unpacked.iterdir()
    env = _clean_env(outside / "sdist-tests")
    env.pop("KARTLAGGNING_PASSPHRASE")
    env.pop("CI", None)  # not the packaging tests again, from inside themselves
    env.pop("KARTLAGGNING_FULL_TESTS", None)
    result = _run([installed / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                   "-m", "not packaging"], cwd=tree, env=env, timeout=2400, check=False)
    tail = result.stdout[-3000:]
    assert result.returncode == 0, tail + _crash_report(result.stderr)
    assert re.search(r"\d+ passed", tail)


# ---- the declared ranges, at both ends -----------------------------------------------------

def _runtime_ranges() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]


def _lowest_pins(ranges: list[str]) -> list[str]:
    pins = []
    for requirement in ranges:
        name, lower = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", requirement).groups()
        pins.append(f"{name}=={lower}")
    return pins


def test_every_range_has_a_lower_bound():
    assert len(_lowest_pins(_runtime_ranges())) == len(_runtime_ranges())


@pytest.mark.parametrize("end", ["lowest", "newest"])
def test_dependency_ranges_hold_at_both_ends(end, built, outside):
    """Each direct dependency at the bottom (and then at the top) of its declared range,
    the package without re-resolving, a CLI smoke and the window's modules imported."""
    bin_dir = _venv(outside / f"venv-{end}")
    wanted = _lowest_pins(_runtime_ranges()) if end == "lowest" else _runtime_ranges()
    _pip(bin_dir, *(["--upgrade"] if end == "newest" else []), *wanted, cwd=outside)
    _pip(bin_dir, "--no-deps", built[1], cwd=outside)
    versions = _run([bin_dir / "python", "-m", "pip", "list", "--format", "freeze"], cwd=outside).stdout
    print(f"\n{end}:\n{versions}")
    got = {canonicalize_name(n): Version(v) for n, v in
           (line.split("==") for line in versions.splitlines() if "==" in line)}
    if end == "lowest":
        for pin in wanted:
            name, version = pin.split("==")
            assert got[canonicalize_name(name)] == Version(version), pin
    text = _cli_smoke(bin_dir, outside / f"smoke-{end}")
    assert "Individuell plan mot arbete" in text
    work = outside / f"smoke-{end}"
    _run([bin_dir / "python", "-c", "import kartlaggning.ui.main_window, kartlaggning.ui.plans.printing"],
         cwd=work, env=_clean_env(work))
