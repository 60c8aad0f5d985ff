"""The one owner of the user's preferences (language, idle lock, vault path).

Every part of the window reads and changes them here, never through its own
``AppConfig.load()``: a change is saved at once (only what changed, on top of
the file) and announced with ``changed(name)``. Personal data is never a preference.

UI state is not a preference: whether the wizard shows its questions is owned by
``window_state.ui_state()`` and kept beside the window geometry, so nothing the
Settings dialog saves touches it (``set`` refuses it).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from .. import log
from ..config import PREFERENCES, AppConfig

_shared: "Preferences | None" = None


class Preferences(QObject):
    changed = Signal(str)  # the name of the preference that changed

    def __init__(self, config: AppConfig, parent: QObject | None = None):
        super().__init__(parent)
        self.config = config

    @classmethod
    def install(cls, config: AppConfig, parent: QObject | None = None) -> "Preferences":
        """Make ``config`` the preferences of this run (the main window does it)."""
        global _shared
        _shared = cls(config, parent)
        return _shared

    @classmethod
    def shared(cls) -> "Preferences":
        """This run's preferences (loaded from the files on first use without a window)."""
        global _shared
        if _shared is None:
            _shared = cls(AppConfig.load())
        return _shared

    def get(self, name: str):
        return getattr(self.config, name)

    def set(self, **values) -> list[str]:
        """Change and save preferences; announce each one that changed. Returns their names.
        A settings file that cannot be written is logged; the change holds for this run.
        A name that is no preference (UI state such as show_questions) raises KeyError."""
        unknown = [name for name in values if name not in PREFERENCES]
        if unknown:
            raise KeyError(f"not a preference: {', '.join(unknown)} (UI state is set in window_state)")
        changed = [name for name, value in values.items() if getattr(self.config, name) != value]
        for name in changed:
            setattr(self.config, name, values[name])
        if changed:
            try:
                self.config.save()
            except OSError as exc:
                log.event("config.save_failed", error=type(exc).__name__)
            for name in changed:
                self.changed.emit(name)
        return changed
