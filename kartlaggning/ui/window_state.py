"""Window size and position, splitter positions and the UI state the user toggles,
remembered between starts.

UI state only: no preferences (those are in kartlaggning.config) and never personal
data. Kept as JSON in ``window-state.json`` in the config directory, written
atomically. Splitters update the state in memory as they move; ``save()`` writes it
(the app does so when it quits). A broken or foreign file is ignored, never an error.

``ui_state()`` is the one owner of the toggles (``config.UI_STATE``: whether the
wizard shows its guiding questions): read and set there, announced with
``changed(name)``, written at once. Until the user toggles one, its value is the
preset (built-in, or IT's ``defaults.json``) of this run's ``AppConfig``. The Settings
dialog never writes it, so pressing OK there cannot bring the questions back.

Where the user was (which participant, tab and wizard step) names a participant, so it
never goes into that file: ``save_place`` / ``load_place`` keep it in the encrypted vault
through the repository's settings. A stored place that is not well formed reads as none.
"""
from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QPoint, QRect, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

from .. import config, log, paths

FILE_NAME = config.UI_STATE_FILE  # window-state.json
VERSION = config.UI_STATE_VERSION
MAIN_WINDOW = "main_window"
# How much of a window's title bar must lie on a screen for it to count as reachable.
MIN_VISIBLE = 48

_states: dict[Path, "WindowState"] = {}


def state_path() -> Path:
    return paths.config_dir() / FILE_NAME


class WindowState:
    """Named blobs (``saveGeometry`` / ``saveState`` bytes) stored base64-encoded, and
    the UI-state values (``config.UI_STATE``) the user set."""

    def __init__(self, path: Path, blobs: dict[str, str] | None = None, values: dict | None = None):
        self.path = path
        self.blobs: dict[str, str] = dict(blobs or {})
        self.values: dict = config.clean_ui_state(values or {})

    @classmethod
    def load(cls, path: Path) -> "WindowState":
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls(path)
        blobs = data.get("blobs")
        blobs = {k: v for k, v in blobs.items() if isinstance(k, str) and isinstance(v, str)} \
            if isinstance(blobs, dict) else {}
        return cls(path, blobs, config.clean_ui_state(data.get(config.UI_STATE_KEY)))

    def get(self, key: str) -> QByteArray | None:
        text = self.blobs.get(key)
        if not text:
            return None
        try:
            return QByteArray(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            return None

    def set(self, key: str, blob: QByteArray | bytes) -> None:
        self.blobs[key] = base64.b64encode(bytes(blob)).decode("ascii")

    def save(self) -> bool:
        from ..storage.files import write_atomic  # the same safe write as the settings
        try:
            paths.ensure_private(self.path.parent)
            data: dict = {"version": VERSION, "blobs": self.blobs}
            if self.values:
                data[config.UI_STATE_KEY] = self.values
            write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            log.event("window_state.save_failed", error=type(exc).__name__)
            return False
        return True


def current() -> WindowState:
    """The state for the current config directory (loaded once per directory)."""
    path = state_path()
    state = _states.get(path)
    if state is None:
        state = _states[path] = WindowState.load(path)
    return state


def save() -> bool:
    return current().save()


# ---- UI state the user toggles ------------------------------------------------------------

class UiState(QObject):
    """The one owner of the UI state in ``config.UI_STATE`` (the wizard's questions shown)."""
    changed = Signal(str)  # the name of the value that changed

    def get(self, name: str):
        """The user's choice, else the preset of this run's config (built-in or IT's)."""
        values = current().values
        if name in values:
            return values[name]
        from .preferences import Preferences
        return Preferences.shared().config.ui_state(name)

    def set(self, name: str, value) -> bool:
        """Keep the user's choice (written at once: a restart or a crash keeps it) and
        announce it. True if the value shown changed. A file that cannot be written is
        logged; the choice holds for this run."""
        if name not in config.UI_STATE:
            raise KeyError(f"not UI state: {name}")
        if not isinstance(value, type(config.UI_STATE_BUILTIN[name])):
            raise TypeError(f"{name} must be {type(config.UI_STATE_BUILTIN[name]).__name__}")
        before = self.get(name)
        state = current()
        state.values[name] = value  # chosen: kept even when it equals the preset
        state.save()
        if value != before:
            self.changed.emit(name)
            return True
        return False


_ui_state: UiState | None = None


def ui_state() -> UiState:
    global _ui_state
    if _ui_state is None:
        _ui_state = UiState()
    return _ui_state


# ---- splitters -------------------------------------------------------------------------------

def track_splitter(splitter: QSplitter, key: str) -> None:
    """Restore ``splitter`` from the saved state and remember it whenever the user moves it."""
    key = f"splitter:{key}"
    blob = current().get(key)
    if blob is not None:
        splitter.restoreState(blob)
    splitter.splitterMoved.connect(lambda _pos, _index: current().set(key, splitter.saveState()))


# ---- the main window ---------------------------------------------------------------------------

def remember_window(window: QWidget, key: str = MAIN_WINDOW) -> None:
    current().set(key, window.saveGeometry())


def restore_window(window: QWidget, key: str = MAIN_WINDOW) -> bool:
    """Restore the saved geometry (before show()); True if there was one. The window is
    then brought onto a screen if it would be out of reach (e.g. saved on a monitor that
    is gone)."""
    blob = current().get(key)
    if blob is None or not window.restoreGeometry(blob):
        return False
    ensure_on_screen(window)
    return True


def _reachable(frame: QRect) -> bool:
    """True if a strip of the window's top edge (its title bar) is on some screen."""
    title = QRect(frame.left(), frame.top(), frame.width(), MIN_VISIBLE)
    for screen in QGuiApplication.screens():
        part = screen.availableGeometry().intersected(title)
        if part.width() >= min(MIN_VISIBLE * 2, frame.width()) and part.height() >= MIN_VISIBLE // 2:
            return True
    return False


def ensure_on_screen(window: QWidget) -> None:
    """Move (and if need be shrink) a window whose title bar is on no screen onto the
    screen it is closest to, centred."""
    if window.isMaximized() or window.isFullScreen():
        return  # the window manager places those on a screen itself
    frame = window.frameGeometry() if window.isVisible() else window.geometry()
    if _reachable(frame):
        return
    screens = QGuiApplication.screens()
    if not screens:
        return
    centre = frame.center()
    screen = QGuiApplication.screenAt(centre) or min(
        screens, key=lambda s: (s.availableGeometry().center() - centre).manhattanLength())
    area = screen.availableGeometry()
    width, height = min(window.width(), area.width()), min(window.height(), area.height())
    window.resize(width, height)
    window.move(area.center() - QPoint(width // 2, height // 2))


# ---- where the user was: in the vault, never in the file ----------------------------------

PLACE_SETTING = "ui.place"


def clean_place(place: object) -> dict | None:
    """``{"participant_id": str, "position": {"tab": str, "wizard": dict, "tabs": {str: dict}}}``
    with only the well-formed parts kept (an unsaved draft never); None without a participant."""
    if not isinstance(place, dict):
        return None
    pid = place.get("participant_id")
    if not isinstance(pid, str) or not pid:
        return None
    raw = place.get("position")
    raw = raw if isinstance(raw, dict) else {}
    position: dict = {}
    if isinstance(raw.get("tab"), str):
        position["tab"] = raw["tab"]
    if isinstance(raw.get("wizard"), dict):
        position["wizard"] = raw["wizard"]
    tabs = raw.get("tabs")
    if isinstance(tabs, dict):
        position["tabs"] = {k: v for k, v in tabs.items() if isinstance(k, str) and isinstance(v, dict)}
    return {"participant_id": pid, "position": position}


def save_place(repo, place: dict | None) -> None:
    """Keep the place in the vault (None: the list, nothing to return to)."""
    repo.set_setting(PLACE_SETTING, clean_place(place))


def load_place(repo) -> dict | None:
    return clean_place(repo.get_setting(PLACE_SETTING))
