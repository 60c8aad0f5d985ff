"""Idle lock: notice when nobody has touched keyboard, mouse or screen for a while.

An application-wide event filter stamps the time of the last user input with a
monotonic clock (injectable for tests); a one-second timer compares it with the
limit and emits ``idle`` once per idle spell. Filter and timer run only while
armed (unlocked): a Python filter sees every event, which would slow start-up.
"""
from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_T = QEvent.Type
INPUT_EVENTS = frozenset({
    _T.KeyPress, _T.KeyRelease, _T.ShortcutOverride,
    _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove,
    _T.Wheel, _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd,
    _T.TabletPress, _T.TabletMove, _T.TabletRelease,
})

CHECK_INTERVAL_MS = 1000


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: int = 5, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self.minutes = minutes
        self.last_input = clock()
        self.armed = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self._clock()
        return False

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes

    def seconds_idle(self) -> float:
        return self._clock() - self.last_input

    def arm(self) -> None:
        """Start watching (after unlock); the idle time counts from now."""
        self.last_input = self._clock()
        if not self.armed:
            app = QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self.timer.start()
        self.armed = True

    def disarm(self) -> None:
        if self.armed:
            self.timer.stop()
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self.armed = False

    def check(self) -> bool:
        """Emit ``idle`` (once) when the limit has passed; True if it did."""
        if self.armed and self.seconds_idle() >= self.minutes * 60:
            self.disarm()
            self.idle.emit()
            return True
        return False

    def stop(self) -> None:
        self.disarm()
