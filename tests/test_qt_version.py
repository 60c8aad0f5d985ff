"""The installed PySide6 must not drop references to None (or True/False).

PySide6 6.12.0 on CPython 3.11 (Debian 12's Python) loses one reference to
None on every call of many functions that return nothing (QObject.setObjectName,
QWidget.setEnabled, QTimer.setInterval, ...), so a long session aborts with
"Fatal Python error: none_dealloc". pyproject pins ``pyside6-essentials<6.12``;
this test keeps a later upgrade from bringing the bug back silently. (From
Python 3.12 these objects are immortal and the bug is harmless.)
"""
from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

CALLS = 100


def _refcounts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


@pytest.mark.parametrize("name, make, call", [
    ("QObject.setObjectName", QObject, lambda o: o.setObjectName("a")),
    ("QWidget.setEnabled", QWidget, lambda w: w.setEnabled(True)),
    ("QTimer.setInterval", QTimer, lambda t: t.setInterval(5)),
])
def test_void_calls_keep_their_reference_to_none(qapp, name, make, call):
    obj = make()
    call(obj)  # first-call caches out of the way
    before = _refcounts()
    for _ in range(CALLS):
        call(obj)
    after = _refcounts()
    import PySide6
    assert after == before, (
        f"PySide6 {PySide6.__version__}: {CALLS} calls of {name} changed the reference counts of "
        f"(None, True, False) by {tuple(a - b for a, b in zip(after, before))}; this version aborts long "
        f"sessions on Python {sys.version_info.major}.{sys.version_info.minor}. Keep the pin in pyproject.toml.")
