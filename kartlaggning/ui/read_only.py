"""A participant after avslut is read only until reopened: one way to make a part of
the window read only, and to undo exactly that.

``apply(root, True)`` makes every input under ``root`` refuse input: text fields and
spin boxes become read only (their text can still be selected, copied and read aloud),
choices, check boxes, buttons and tables (their cells, a list's ticks) are disabled and
the keyboard shortcuts under ``root`` stop. Each widget changed is marked; ``apply(root,
False)`` undoes only what was marked, so a button that was disabled for its own reasons
(the first row's "Move up") stays disabled. A widget's own code that enables it again
while the record is read only (a table's "Remove row" when a row is selected) is
overruled at once, and what it wanted is what it gets when the record is reopened.
Widgets marked with ``keep`` (printing, moving between documents, steps and pages)
and everything inside them are left alone.

The editors' own ``set_read_only`` call this and add what only they know (a signal
that must not save, a button to hide); ``ParticipantPage`` drives them all from one
place when a participant is opened, closed or reopened.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QCalendarWidget, QComboBox,
                               QLineEdit, QPlainTextEdit, QSlider, QTextEdit, QWidget)

KEEP = "keepWhenReadOnly"  # dynamic property: this widget and what is inside it stay as they are
_CLEAR = "_readOnlyClearButton"  # dynamic property: its clear button is back when reopened
_MARK = "_readOnlyUndo"  # dynamic property on a changed widget: what to put back
ENABLED, DISABLED, TEXT = "enabled", "disabled", "text"  # marks: enabled/disabled when reopened; was editable

_TEXT = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_CHOICE = (QComboBox, QAbstractButton, QCalendarWidget, QSlider, QAbstractItemView)  # (a table's cells, a list's ticks)


def keep(*objects: QObject) -> None:
    """Leave these (and what is inside them) as they are in a read-only record."""
    for o in objects:
        if isinstance(o, QObject):  # (an editor without that part names nothing, or a method)
            o.setProperty(KEEP, True)


def _kept(obj: QObject, root: QObject) -> bool:
    while obj is not None:
        if obj.property(KEEP):
            return True
        if obj is root:
            return False
        obj = obj.parent()
    return False


def apply(root: QWidget, read_only: bool) -> None:
    """Make the inputs under ``root`` (not ``root`` itself) read only, or undo that."""
    if read_only:
        _lock(root)
    else:
        _unlock(root)


def _lock(root: QWidget) -> None:
    clearable: list[QLineEdit] = []
    for w in root.findChildren(QWidget):
        if w.property(_MARK) is not None or _kept(w, root):
            continue
        if isinstance(w, _TEXT):
            if not w.isReadOnly():
                w.setReadOnly(True)
                w.setProperty(_MARK, TEXT)
                if isinstance(w, QLineEdit) and w.isClearButtonEnabled():
                    clearable.append(w)
        elif isinstance(w, _CHOICE):
            # the state its own code wants (explicitly disabled or not), put back when reopened
            w.setProperty(_MARK, DISABLED if w.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled) else ENABLED)
            w.setEnabled(False)
            w.installEventFilter(_guard())
    for s in root.findChildren(QShortcut):
        if s.property(_MARK) is None and s.isEnabled() and not _kept(s, root):
            s.setEnabled(False)
            s.setProperty(_MARK, ENABLED)
    for line in clearable:  # no ⊗ on what cannot change (after the walk: this deletes the button)
        line.setClearButtonEnabled(False)
        line.setProperty(_CLEAR, True)


def _unlock(root: QWidget) -> None:
    clearable: list[QLineEdit] = []
    for w in root.findChildren(QObject):
        mark = w.property(_MARK)
        if mark is None:
            continue
        w.setProperty(_MARK, None)
        if mark == TEXT:
            w.setReadOnly(False)
            if w.property(_CLEAR):
                w.setProperty(_CLEAR, None)
                clearable.append(w)
        elif mark in (ENABLED, DISABLED):
            if isinstance(w, QWidget):
                w.removeEventFilter(_guard())
            w.setEnabled(mark == ENABLED)
    for line in clearable:  # after the walk: this makes a new button
        line.setClearButtonEnabled(True)


class _Guard(QObject):
    """Keeps a disabled input disabled while its record is read only: when its own code
    enables it (a selection made, another document shown), that is noted for the
    reopening and undone at once."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (event.type() == QEvent.Type.EnabledChange and isinstance(obj, QWidget) and obj.isEnabled()
                and obj.property(_MARK) in (ENABLED, DISABLED)):
            obj.setProperty(_MARK, ENABLED)
            obj.setEnabled(False)
        return False


_GUARD: _Guard | None = None


def _guard() -> _Guard:
    global _GUARD
    if _GUARD is None:
        _GUARD = _Guard()
    return _GUARD


def is_read_only(widget: QWidget) -> bool:
    """Was ``widget`` made read only by ``apply``?"""
    return widget.property(_MARK) is not None

