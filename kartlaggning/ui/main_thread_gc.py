"""Python's cyclic garbage collector, run on the UI thread only.

Automatic collection starts in whichever thread happens to allocate past the
threshold, and frees every unreachable cycle there. A closed dialog or page held in
a cycle (a lambda connected to its own signal) is then destroyed in a worker thread
rendering a printout or making a backup: Qt objects deleted outside the thread that
owns them crash the process at random, long after the bug that left the cycle.
So automatic collection is off, and a timer on the UI thread collects, generation by
generation, once the same thresholds are passed (as calibre and pyqtgraph do).
Reference counting still frees everything that is not in a cycle at once.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Installed once per process, as a child of the application (``install``)."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold; the objects freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                return gc.collect(generation)
        return 0


def install(app: QObject) -> MainThreadCollector:
    """Move collection onto ``app``'s thread (the UI thread); idempotent."""
    existing = app.findChild(MainThreadCollector)
    if existing is not None:
        gc.disable()
        return existing
    return MainThreadCollector(app)
