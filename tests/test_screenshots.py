"""``kartlaggning screenshots``: every screen of the real window as a PNG,
from a throw-away vault that leaves nothing behind."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kartlaggning.cli import screenshots
from kartlaggning.cli.errors import CliError

ROOT = Path(__file__).resolve().parent.parent


def run_command(tmp_path: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """The command as a user runs it, in its own process (the scale needs a fresh QApplication)."""
    env = dict(os.environ)
    env.pop("QT_SCALE_FACTOR", None)
    env["TMPDIR"] = str(tmp_path / "tmp")  # the throw-away vault goes here and must be gone afterwards
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "kartlaggning", "screenshots", "--out", str(out), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def distinct_colours(image: QImage, step: int = 3) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_every_screen_is_saved_at_the_window_size(tmp_path):
    out = tmp_path / "shots"
    done = run_command(tmp_path, out)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == sorted(f"{n}-{name}.png" for n, name in screenshots.SCREENS.items())
    seen_pixels = set()
    for path in sorted(out.glob("*.png")):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1280, 800), path.name
        assert distinct_colours(image) > 40, path.name  # text, widgets, not a blank or one-colour page
        assert path.stat().st_size <= screenshots.PNG_LIMIT_BYTES, path.name
        pixels = bytes(image.constBits())
        assert pixels not in seen_pixels, f"{path.name} is the same picture as another screen"
        seen_pixels.add(pixels)
    # nothing left behind: no vault in the temp folder, nothing in the user's data or config folders
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "data" / "kartlaggning").exists()
    assert not (tmp_path / "config" / "kartlaggning").exists()
    listed = [line for line in done.stdout.splitlines() if line.endswith(".png")]
    assert sorted(Path(line).name for line in listed) == names


def test_150_percent_subset(tmp_path):
    out = tmp_path / "150"
    done = run_command(tmp_path, out, "--scale", "1.5", "--only", "01,search")
    assert done.returncode == 0, done.stderr
    paths = sorted(out.glob("*.png"))
    assert [p.name for p in paths] == ["01-create-vault.png", "05-search.png"]
    for path in paths:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1920, 1080), path.name  # 1280x720 logical at 150 %
        assert distinct_colours(image) > 40


def test_screen_selection():
    assert screenshots.wanted_screens("") == set(screenshots.SCREENS)
    assert screenshots.wanted_screens("1, 05,overview,19-locked") == {"01", "05", "13", "19"}
    assert screenshots.wanted_screens("att-gora,arbetstraning,31") == {"24", "26", "31"}
    with pytest.raises(CliError):
        screenshots.wanted_screens("99")


def test_unknown_screen_is_a_usage_message(tmp_path):
    done = run_command(tmp_path, tmp_path / "x", "--only", "nonsense")
    assert done.returncode == 1
    assert "nonsense" in done.stderr and "01-create-vault" in done.stderr
    assert not list((tmp_path / "x").glob("*.png"))


def test_numbers_stay_what_the_readme_links():
    """A screen added later gets the next number; the ones before keep theirs (README links them)."""
    assert list(screenshots.SCREENS) == [f"{n:02d}" for n in range(1, len(screenshots.SCREENS) + 1)]
    assert {n: screenshots.SCREENS[n] for n in ("04", "07", "08", "10", "14", "15", "18", "22", "23")} == {
        "04": "participant-list", "07": "samtal-timer", "08": "individfaktorer", "10": "motivationskors",
        "14": "participant-view", "15": "individuell-plan", "18": "print-preview", "22": "about",
        "23": "user-guide"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for linked in sorted(set(re.findall(r"docs/screenshots/(\d\d)-([a-z0-9-]+)\.png", readme))):
        assert screenshots.SCREENS.get(linked[0]) == linked[1], linked
