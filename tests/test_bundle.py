"""The PyInstaller bundle (packaging/kartlaggning.spec via scripts/build-bundle.sh) and the
Windows installer script (packaging/windows/kartlaggning.iss).

The bundle checks build dist/kartlaggning/ and run it the way a user's machine would:
a clean environment (no PYTHONPATH, HOME and XDG dirs in a temp folder, a working
directory outside the checkout). They are ``packaging`` tests (CI, or
KARTLAGGNING_FULL_TESTS=1). The .iss checks are fast and always run: Inno Setup
cannot run here, so the script is read as text.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kartlaggning

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "kartlaggning.spec"
ISS = REPO / "packaging" / "windows" / "kartlaggning.iss"
BUILD_SCRIPT = REPO / "scripts" / "build-bundle.sh"
SIZE_LIMIT_MB = 150
PASSPHRASE = "testlösenord 123"
SWEDISH_MONTH = r"\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}"


def spec_constant(name: str) -> str:
    match = re.search(rf'^{name}\s*=\s*"([^"]+)"', SPEC.read_text("utf-8"), re.M)
    assert match, f"{name} not found in {SPEC.name}"
    return match.group(1)


# ---- the installer script (fast) ------------------------------------------------------------

def iss_sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its non-comment lines; preprocessor lines under ''."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text("utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1).lower()
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def iss_defines() -> dict[str, str]:
    return dict(re.findall(r'#define\s+(\w+)\s+"([^"]*)"', ISS.read_text("utf-8-sig")))


def iss_setup() -> dict[str, str]:
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition("=") for line in iss_sections()["setup"])}


def test_iss_has_the_sections_an_installer_needs():
    sections = iss_sections()
    for name in ("setup", "languages", "tasks", "files", "icons"):
        assert sections.get(name), f"[{name}] missing or empty"
    languages = " ".join(sections["languages"])
    assert "Swedish.isl" in languages and "Default.isl" in languages  # Swedish and English
    assert any("desktopicon" in line and "unchecked" in line for line in sections["tasks"])  # optional


def test_iss_installs_per_user_and_lets_it_choose_all_users():
    setup = iss_setup()
    assert setup["privilegesrequired"] == "lowest"
    assert set(setup["privilegesrequiredoverridesallowed"].split()) == {"dialog", "commandline"}
    assert setup["defaultdirname"].lower().startswith("{autopf}\\")
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["appid"])


def test_iss_installs_what_the_spec_builds():
    defines = iss_defines()
    folder = spec_constant("APP_NAME")
    source = next(line for line in iss_sections()["files"] if line.lower().startswith("source:"))
    assert "{#BundleDir}" in source and "recursesubdirs" in source
    assert defines["BundleDir"].replace("\\", "/").rstrip("/").endswith(f"dist/{folder}")
    assert defines["GuiExe"] == spec_constant("GUI_EXE") + ".exe"
    assert defines["CliExe"] == spec_constant("CLI_EXE") + ".exe"
    assert all("{#GuiExe}" in line for line in iss_sections()["icons"])  # shortcuts start the window


def test_iss_version_default_is_the_package_version():
    assert iss_defines()["AppVersion"] == kartlaggning.__version__
    assert "#ifndef AppVersion" in ISS.read_text("utf-8-sig")  # the build can pass /DAppVersion=


def test_uninstall_never_touches_the_users_data():
    sections = iss_sections()
    user_data = re.compile(r"localappdata|userappdata|\{commonappdata\}|\{appdata\}|%LOCALAPPDATA%|%APPDATA%", re.I)
    for name in ("uninstalldelete", "installdelete", "dirs", "uninstallrun"):
        for line in sections.get(name, []):
            assert not user_data.search(line), f"[{name}] touches the user's data: {line}"
    # the install folder is not the data folder (%LOCALAPPDATA%\Kartlaggning, kartlaggning/paths.py):
    # an uninstall of {app} would take the vault with it
    assert not user_data.search(iss_setup()["defaultdirname"])


# ---- the bundle (CI) -----------------------------------------------------------------------

def exe(name: str) -> Path:
    return REPO / "dist" / spec_constant("APP_NAME") / (name + (".exe" if sys.platform == "win32" else ""))


@pytest.fixture(scope="module")
def bundle():
    """Builds dist/kartlaggning/ with the real build script (always: a stale bundle would hide bugs)."""
    started = time.monotonic()
    done = subprocess.run(["bash", str(BUILD_SCRIPT)], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL, timeout=1800)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    print(f"\nbuild-bundle.sh: {seconds:.0f} s\n" + done.stdout[-1500:])
    folder = exe(spec_constant("GUI_EXE")).parent
    assert folder.is_dir()
    return folder


@pytest.fixture
def clean_env(tmp_path):
    home = tmp_path / "home"
    for sub in ("", "data", "config", "cache"):
        (home / sub).mkdir(exist_ok=True)
    return {
        "PATH": "/usr/bin:/bin" if sys.platform != "win32" else os.environ["PATH"],
        "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(home),
        "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", "KARTLAGGNING_PASSPHRASE": PASSPHRASE,
    }


def run(args: list[str], env: dict, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe(spec_constant("CLI_EXE"))), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL, timeout=timeout)


def size_mb(folder: Path) -> float:
    return sum(p.lstat().st_size for p in folder.rglob("*")) / 1e6


@pytest.mark.packaging
def test_bundle_size_is_within_budget(bundle):
    du = subprocess.run(["du", "-sm", str(bundle)], capture_output=True, text=True, check=True).stdout.split()[0]
    print(f"\ndist/kartlaggning: {du} MB on disk, {size_mb(bundle):.1f} MB of files")
    assert int(du) <= SIZE_LIMIT_MB


@pytest.mark.packaging
def test_bundle_holds_only_what_the_app_uses(bundle):
    internal = bundle / "_internal"
    qt = internal / "PySide6" / "Qt"
    assert (qt / "translations" / "qtbase_sv.qm").is_file()  # Qt's own buttons in Swedish
    assert {p.name for p in (qt / "translations").iterdir()} <= {"qtbase_sv.qm", "qt_sv.qm"}
    assert {p.name for p in (qt / "plugins" / "platforms").iterdir()} >= {"libqxcb.so", "libqoffscreen.so"}
    assert not (qt / "qml").exists() and not list(qt.glob("lib/libQt6Quick*")) and not list(qt.glob("lib/libQt6Qml*"))
    assert {p.name for p in (internal / "babel" / "locale-data").iterdir()} == {
        f"{n}.dat" for n in ("sv", "sv_SE", "en", "en_001", "en_GB", "root")}
    resources = internal / "kartlaggning" / "resources"
    assert (resources / "locale" / "sv" / "LC_MESSAGES" / "kartlaggning.mo").is_file()
    assert (resources / "fonts" / "DejaVuSans.ttf").is_file()
    assert list((internal / "sqlcipher3").glob("_sqlite3*")) and list((internal / "pypdfium2_raw").glob("*pdfium*"))
    for absent in ("tkinter", "pytest", "_pytest", "pip", "setuptools", "pypdf"):
        assert not (internal / absent).exists(), absent
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links


@pytest.mark.packaging
def test_bundle_cli_creates_a_vault_and_prints_a_plan_in_swedish(bundle, clean_env, tmp_path):
    from pypdf import PdfReader
    work = tmp_path / "work"
    work.mkdir()
    vault = work / "v.kvault"
    created = run(["init", "--vault", str(vault)], clean_env, work)
    assert created.returncode == 0, created.stderr
    assert re.search(r"\b(?:[0-9A-Z]{4}-){4,}[0-9A-Z]+\b", created.stdout), created.stdout  # the recovery key
    assert run(["demo", "--vault", str(vault)], clean_env, work).returncode == 0
    verified = run(["verify", "--vault", str(vault)], clean_env, work)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    wrong = run(["verify", "--vault", str(vault)], {**clean_env, "KARTLAGGNING_PASSPHRASE": "fel lösenord"}, work)
    assert wrong.returncode == 2  # SQLCipher really decrypts: a wrong passphrase is refused

    exported = run(["export", "--vault", str(vault), "--out", str(work / "all.json")], clean_env, work)
    assert exported.returncode == 0, exported.stderr
    people = json.loads((work / "all.json").read_text("utf-8"))["participants"]
    pnr = next(p["participant"]["personnummer"] for p in people if p["planer"])

    pdf = work / "plan.pdf"
    printed = run(["print", "--vault", str(vault), "--participant", pnr, "--document", "plan", "--out", str(pdf)],
                  clean_env, work)
    assert printed.returncode == 0, printed.stdout + printed.stderr
    raw = pdf.read_bytes()
    assert b"/FontFile2" in raw and b"DejaVuSans" in raw  # the TrueType font is embedded
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Individuell plan mot arbete" in text
    assert set("åäö") & set(text)
    assert re.search(SWEDISH_MONTH, text), "babel's Swedish dates are missing"
    assert not list(REPO.glob("*.kvault*"))  # nothing landed in the checkout


@pytest.mark.packaging
def test_bundle_gui_renders_the_unlock_window(bundle, clean_env, tmp_path):
    from PySide6.QtGui import QImage
    out = tmp_path / "shots"
    started = time.monotonic()
    shot = run(["screenshots", "--only", "03", "--out", str(out)], clean_env, tmp_path, timeout=300)
    print(f"\nscreenshots --only 03 in the bundle: {time.monotonic() - started:.1f} s")
    assert shot.returncode == 0, shot.stdout + shot.stderr
    image = QImage(str(out / "03-unlock.png"))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert len(colours) > 20  # text and a field, not a blank window


@pytest.mark.packaging
def test_bundle_gui_runs_in_english(bundle, clean_env, tmp_path):
    """The whole screenshot tour in English: babel's en_GB dates (en_GB -> en_001 -> en -> root)
    are in the trimmed locale data."""
    out = tmp_path / "shots"
    shot = run(["screenshots", "--lang", "en", "--only", "07", "--out", str(out)], clean_env, tmp_path, timeout=300)
    assert shot.returncode == 0, shot.stdout + shot.stderr
    assert (out / "07-samtal-timer.png").stat().st_size > 10_000


@pytest.mark.packaging
def test_qt_finds_its_swedish_strings_where_pyside6_looks(bundle):
    """ui/translation.py loads qtbase_sv from QLibraryInfo's TranslationsPath; the bundle keeps
    the wheel's layout, so that path relative to the PySide6 package holds the file."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo
    translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)).resolve()
    relative = translations.relative_to(Path(PySide6.__file__).resolve().parent.parent)
    assert (bundle / "_internal" / relative / "qtbase_sv.qm").is_file()


@pytest.mark.packaging
def test_bundle_window_launcher_starts_and_stays_up(bundle, clean_env, tmp_path):
    """The window launcher (the other EXE) opens the app: no import error at start."""
    gui = subprocess.Popen([str(exe(spec_constant("GUI_EXE"))), "--vault", str(tmp_path / "v.kvault")],
                           env=clean_env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            gui.wait(timeout=8)
    finally:
        gui.kill()
        _out, err = gui.communicate()
    assert b"Traceback" not in err and b"[PYI-" not in err, err.decode("utf-8", "replace")  # Python / bootloader
