"""Autosave: edits are queued by key and written about a second after typing
pauses, or at once on ``flush()`` (page change, samtal end, lock, close, quit).
Steady typing without pauses is still written at least every ``max_delay_ms``,
so a crash loses at most about the last second.

A queued save is a callable that reads the widget's *current* value when it
runs, so the latest text always wins. A failed save (e.g. text too long, a full
disk) keeps the edit queued and reports the message in words; nothing typed is thrown away.
"""
from __future__ import annotations

from typing import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal

from .. import log
from ..models.errors import ValidationError

DEFAULT_DELAY_MS = 800
DEFAULT_MAX_DELAY_MS = 1000  # upper bound from the first unsaved edit to its write

SAVED = "saved"
PENDING = "pending"
FAILED = "failed"


def failure_text(exc: BaseException) -> str:
    """Why a save failed, in words (a full disk, read-only media, a damaged file), and
    that what was typed is still there."""
    from ..i18n import _
    from ..storage.faults import describe  # storage is loaded by now: something was being saved
    problem = describe(exc) or _("An error occurred ({error}).").format(error=type(exc).__name__)
    return _("{problem} What you typed is kept.").format(problem=problem)


class Autosaver(QObject):
    state_changed = Signal(str, str)  # state, message (translated; empty when saved)
    saved = Signal()

    def __init__(self, delay_ms: int = DEFAULT_DELAY_MS, parent: QObject | None = None,
                 max_delay_ms: int = DEFAULT_MAX_DELAY_MS):
        super().__init__(parent)
        self._pending: dict[Hashable, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._deadline = QTimer(self)  # not restarted by further edits
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max(delay_ms, max_delay_ms))
        self._deadline.timeout.connect(self.flush)
        self.state = SAVED
        self.message = ""

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def schedule(self, key: Hashable, save: Callable[[], None]) -> None:
        self._pending[key] = save
        self._timer.start()  # restarts: saves once typing pauses
        if not self._deadline.isActive():
            self._deadline.start()
        self._set_state(PENDING, "")

    def flush(self) -> bool:
        """Run every queued save now. True when all of them succeeded."""
        self._timer.stop()
        self._deadline.stop()
        failed: dict[Hashable, Callable[[], None]] = {}
        message = ""
        while self._pending:
            key, save = next(iter(self._pending.items()))
            del self._pending[key]
            try:
                save()
            except ValidationError as exc:
                failed[key] = save
                message = exc.message
            except Exception as exc:  # storage trouble: keep the edit, report, log the type only
                failed[key] = save
                message = failure_text(exc)
                log.event("autosave.failed", error=type(exc).__name__)
        self._pending.update(failed)
        if failed:
            self._set_state(FAILED, message)
            return False
        self._set_state(SAVED, "")
        self.saved.emit()
        return True

    def discard(self, key: Hashable) -> None:
        self._pending.pop(key, None)

    def _set_state(self, state: str, message: str) -> None:
        if (state, message) != (self.state, self.message):
            self.state, self.message = state, message
            self.state_changed.emit(state, message)
