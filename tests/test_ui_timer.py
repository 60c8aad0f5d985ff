"""The samtal timer widget and its time arithmetic, with fake clocks."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtWidgets import QApplication

from kartlaggning.models.kartlaggning import Samtal
from kartlaggning.services.kartlaggning_session import end_time_for, timeframe_error
from kartlaggning.ui.wizard.timer import IDLE, OVER, RUNNING, WARNING, SamtalTimer, elapsed_since_start, format_duration



@pytest.fixture(autouse=True)
def english_ui():
    """These tests read English labels; Swedish wording is checked in test_translations."""
    from kartlaggning import i18n
    i18n.set_language("en")

class FakeClock:
    def __init__(self):
        self.t = 500.0

    def __call__(self):
        return self.t


@pytest.mark.parametrize("seconds, text", [(0, "00:00"), (59.9, "00:59"), (61, "01:01"), (3600, "60:00"),
                                           (5999, "99:59"), (6000, "1:40:00"), (-5, "00:00")])
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_elapsed_since_start():
    s = Samtal(datum=date(2026, 3, 2), start=time(9, 0))
    assert elapsed_since_start(s, datetime(2026, 3, 2, 9, 20, 5)) == 20 * 60 + 5
    assert elapsed_since_start(s, datetime(2026, 3, 2, 8, 0)) == 0  # clock set back: never negative
    assert elapsed_since_start(Samtal(), datetime(2026, 3, 2, 9, 0)) == 0


def test_end_time():
    s = Samtal(datum=date(2026, 3, 2), start=time(9, 0), tidsram_minuter=45)
    assert end_time_for(s, datetime(2026, 3, 2, 9, 47, 12, 999)) == time(9, 47, 12)
    # left running overnight: the agreed end, not a time before the start
    assert end_time_for(s, datetime(2026, 3, 3, 8, 0)) == time(9, 45)
    late = Samtal(datum=date(2026, 3, 2), start=time(23, 30), tidsram_minuter=60)
    assert end_time_for(late, datetime(2026, 3, 3, 0, 10)) == time(23, 59, 59)


def test_timeframe_rules():
    assert timeframe_error(60) is None and timeframe_error(1) is None
    assert timeframe_error(61).code == "timeframe"
    assert "61" in timeframe_error(61).message
    assert timeframe_error(0).code == "timeframe_min"


def test_timer_states_and_texts(qtbot):
    clock = FakeClock()
    timer = SamtalTimer(clock)
    qtbot.addWidget(timer)
    timer.show()
    states = []
    timer.state_changed.connect(states.append)
    assert timer.state == IDLE and timer.start_button.isVisible() and not timer.end_button.isVisible()

    timer.set_samtal(Samtal(tidsram_minuter=60, start=time(9, 0)), 3)
    assert timer.title.text() == "Session 3"
    assert timer.end_button.isVisible() and not timer.start_button.isVisible()
    for minutes, state, remaining in ((10, RUNNING, "Remaining 50:00"), (54.99, RUNNING, "Remaining 05:00"),
                                      (55, WARNING, "Remaining 05:00"), (59, WARNING, "Remaining 01:00"),
                                      (60, OVER, "Remaining 00:00"), (62, OVER, "Over by 02:00")):
        clock.t = 500.0 + minutes * 60
        timer.refresh()
        assert (timer.state, timer.remaining_label.text()) == (state, remaining), minutes
    assert states == [RUNNING, WARNING, OVER]  # each warning once, not every second
    assert timer.styleSheet() and "time is up" in timer.message.text()
    assert QApplication.activeModalWidget() is None
    assert "Session 3" in timer.accessibleDescription() and "Over by 02:00" in timer.accessibleDescription()

    timer.set_samtal(None, None)
    assert timer.state == IDLE and timer.message.text() == "" and timer.styleSheet() == ""
    assert not timer.elapsed_label.isVisible()


def test_timer_resumes_with_elapsed_time_and_ticks_by_itself(qtbot):
    clock = FakeClock()
    timer = SamtalTimer(clock)
    qtbot.addWidget(timer)
    timer.set_samtal(Samtal(tidsram_minuter=30, start=time(9, 0)), 1, elapsed_s=24 * 60 + 59)
    assert timer.elapsed_label.text() == "Elapsed 24:59" and timer.state == RUNNING
    clock.t += 1
    qtbot.waitUntil(lambda: timer.state == WARNING, timeout=2500)  # the 1-second QTimer
    timer.set_time_frame(60)
    assert timer.state == RUNNING and timer.remaining_label.text() == "Remaining 35:00"
    timer.stop()
    clock.t += 3600
    qtbot.wait(1200)
    assert timer.state == RUNNING  # stopped: no more ticks


def test_samtal_dates_cannot_be_misread_in_either_language():
    from kartlaggning import i18n
    from kartlaggning.ui.wizard.samtal_page import _format_date
    i18n.set_language("en")
    try:
        assert _format_date(date(2026, 12, 2)) == "2 Dec 2026"  # never 02/12/2026
    finally:
        i18n.set_language("sv")
    assert _format_date(date(2026, 12, 2)) == "2 dec. 2026"
