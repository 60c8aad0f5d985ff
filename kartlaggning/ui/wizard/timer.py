"""The samtal timer: elapsed and remaining time, always visible during a samtal,
with a quiet (non-modal, silent) warning 5 minutes before the agreed end and at
the end. Driven by an injectable monotonic clock and a one-second QTimer."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ...i18n import _
from ...models.kartlaggning import Samtal

WARN_BEFORE_END_S = 5 * 60

IDLE = "idle"
RUNNING = "running"
WARNING = "warning"
OVER = "over"

_STYLES = {
    IDLE: "",
    RUNNING: "",
    WARNING: "QFrame#samtalTimer { background: #fff3cd; border: 1px solid #e0b000; border-radius: 4px; }"
             " QFrame#samtalTimer QLabel { color: #3d2e00; }",
    OVER: "QFrame#samtalTimer { background: #fde2e1; border: 1px solid #c0392b; border-radius: 4px; }"
          " QFrame#samtalTimer QLabel { color: #5c1410; }",
}


def format_duration(seconds: float) -> str:
    """mm:ss (60:00 for a full samtal), h:mm:ss from 100 minutes (a samtal left running)."""
    seconds = max(0, int(seconds))
    if seconds < 100 * 60:
        return "{:02d}:{:02d}".format(*divmod(seconds, 60))
    h, rest = divmod(seconds, 3600)
    return "{}:{:02d}:{:02d}".format(h, *divmod(rest, 60))


def elapsed_since_start(samtal: Samtal, now: datetime) -> float:
    """Seconds since a samtal's recorded start (for one running since before a restart)."""
    if samtal.start is None:
        return 0.0
    started = datetime.combine(samtal.datum, samtal.start)
    return max(0.0, (now.replace(tzinfo=None) - started).total_seconds())


class SamtalTimer(QFrame):
    """A bar: which samtal runs, elapsed, remaining, a warning line, start/end buttons."""
    start_requested = Signal()
    end_requested = Signal()
    state_changed = Signal(str)

    def __init__(self, clock: Callable[[], float], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("samtalTimer")
        self.setFrameShape(QFrame.StyledPanel)
        self._clock = clock
        self._started_at: float | None = None  # monotonic time of the samtal's start
        self._limit_s = 0
        self.state = IDLE

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.elapsed_label = QLabel(self)
        self.elapsed_label.setObjectName("timerElapsed")
        self.remaining_label = QLabel(self)
        self.remaining_label.setObjectName("timerRemaining")
        self.message = QLabel(self)
        self.message.setObjectName("timerMessage")
        self.message.setTextFormat(Qt.PlainText)
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        self.start_button = QPushButton(_("Start session…"), self)
        self.start_button.setObjectName("timerStart")
        self.start_button.setToolTip(_("Go to the sessions page to start a new session"))
        self.start_button.clicked.connect(self.start_requested)
        self.end_button = QPushButton(_("En&d session"), self)
        self.end_button.setObjectName("timerEnd")
        self.end_button.setToolTip(_("Record the end time of the running session"))
        self.end_button.clicked.connect(self.end_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.elapsed_label)
        layout.addSpacing(12)
        layout.addWidget(self.remaining_label)
        layout.addSpacing(12)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.end_button)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)
        self.set_samtal(None, None)

    # ---- control -----------------------------------------------------------

    def set_samtal(self, samtal: Samtal | None, number: int | None, elapsed_s: float = 0.0) -> None:
        """Show ``samtal`` as running, ``elapsed_s`` seconds in; None = no samtal running."""
        if samtal is None or samtal.ended:
            self._started_at = None
            self._tick.stop()
            self.title.setText(_("No session running"))
        else:
            self._started_at = self._clock() - elapsed_s
            self._limit_s = samtal.tidsram_minuter * 60
            self.title.setText(_("Session {number}").format(number=number))
            self._tick.start()
        self.refresh()

    def set_time_frame(self, minutes: int) -> None:
        self._limit_s = minutes * 60
        self.refresh()

    def stop(self) -> None:
        self._tick.stop()

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def elapsed_seconds(self) -> float:
        return 0.0 if self._started_at is None else max(0.0, self._clock() - self._started_at)

    def remaining_seconds(self) -> float:
        return self._limit_s - self.elapsed_seconds()

    # ---- display -------------------------------------------------------------

    def refresh(self) -> None:
        running = self.running
        for w in (self.elapsed_label, self.remaining_label):
            w.setVisible(running)
        self.start_button.setVisible(not running)
        self.end_button.setVisible(running)
        if not running:
            self.message.clear()
            self._set_state(IDLE)
            self.setAccessibleDescription(self.title.text())
            return
        elapsed = self.elapsed_seconds()
        remaining = self._limit_s - elapsed
        self.elapsed_label.setText(_("Elapsed {time}").format(time=format_duration(elapsed)))
        if remaining >= 0:
            self.remaining_label.setText(_("Remaining {time}").format(time=format_duration(remaining)))
        else:
            self.remaining_label.setText(_("Over by {time}").format(time=format_duration(-remaining)))
        if remaining <= 0:
            state, text = OVER, _("The agreed time is up. Round off the session.")
        elif remaining <= WARN_BEFORE_END_S:
            state, text = WARNING, _("5 minutes or less of the agreed time left.")
        else:
            state, text = RUNNING, ""
        self.message.setText(text)
        self._set_state(state)
        self.setAccessibleDescription(" ".join(
            t for t in (self.title.text(), self.elapsed_label.text(), self.remaining_label.text(), text) if t))

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.setStyleSheet(_STYLES[state])
            if state in (WARNING, OVER):  # five minutes left / time is up: said, not only coloured
                from ..feedback import announce
                announce(self, self.message.text(), assertive=state == OVER)
            self.state_changed.emit(state)
