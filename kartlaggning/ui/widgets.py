"""Small shared widgets: a field with its error message, a date input that may
be empty, a yes/no/not-given choice, and the "Saved" indicator."""
from __future__ import annotations

import re
from datetime import date

from PySide6 import QtCore
from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (QCalendarWidget, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMenu,
                               QToolButton, QVBoxLayout, QWidget, QWidgetAction)

from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:  # the models and the Autosaver load after unlock, not at start-up
    from .autosave import Autosaver

ERROR_COLOR = "#b3261e"  # dark red on light backgrounds; ui.feedback picks by the palette in force


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.9) -> None:
    """Resize ``widget`` to ``width`` × ``height`` (logical pixels), or smaller so it
    fits ``share`` of the screen it opens on (1366×768 at 100 %, 1920×1080 at 150 %):
    its buttons never fall off the screen."""
    from PySide6.QtGui import QGuiApplication
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width = min(width, int(free.width() * share))
        height = min(height, int(free.height() * share))
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


def plain(label: str) -> str:
    """A label without its mnemonic marker: '&Namn' -> 'Namn', 'A && B' -> 'A & B'."""
    return re.sub(r"&(.)", r"\1", label)


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font scaled relative to the system font."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


class PlainLabel(QLabel):
    """A label that never reads its text as HTML (it may quote what was typed).

    The text format is set with the first text: Qt's namespace enums are slow to
    create, and start-up should not pay for them (``QtCore.Qt`` is touched lazily
    throughout the start-up path for the same reason).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._plain = False
        if text:
            self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt style)
        if text and not self._plain:
            self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            self._plain = True
        super().setText(text)


class ErrorLabel(PlainLabel):
    """A translated error message under its field, hidden while empty.

    Its colour comes from the palette in force (≥ 4.5:1 on light, dark and high
    contrast); a new message is announced to screen readers and, while it holds,
    is the accessible description of ``field`` (the input it is about)."""

    def __init__(self, parent: QWidget | None = None, field: QWidget | None = None):
        super().__init__("", parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setAccessibleName(_("Error"))
        self.field = field
        self._field_description = ""
        self.hide()

    def set_message(self, message: str | None) -> None:
        message = message or ""
        if message == self.text() and self.isVisibleTo(self.parentWidget()) == bool(message):
            return  # called on every keystroke: nothing changes, nothing is said again
        if message:  # on first use: the palette is slow to load at start-up
            from .feedback import ERROR, announce, paint_attention
            paint_attention(self, ERROR)
            announce(self.field or self, message)
        self.setText(message)
        self.setAccessibleDescription(message)
        if self.field is not None:
            if message and not self._field_description:
                self._field_description = self.field.accessibleDescription() or " "
            self.field.setAccessibleDescription(message or self._field_description.strip())
            if not message:
                self._field_description = ""
        self.setVisible(bool(message))

    show_error = set_message


class FieldWithError(QWidget):
    """An input with its error message underneath; the input keeps what was typed."""

    def __init__(self, field: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.error_label = ErrorLabel(self, field=field)
        layout.addWidget(self.error_label)
        self.setFocusProxy(field)

    def set_error(self, message: str | None) -> None:
        self.error_label.set_message(message)
        self.field.setAccessibleDescription(message or "")

    def error(self) -> str:
        return self.error_label.text()


def add_field(form: QFormLayout, label_text: str, widget: QWidget,
              buddy: QWidget | None = None) -> FieldWithError:
    """A QFormLayout row: mnemonic label with buddy, the input with an error line,
    and the label as the input's accessible name."""
    row = FieldWithError(widget)
    label = QLabel(label_text)
    target = buddy or widget
    label.setBuddy(target)
    target.setAccessibleName(plain(label_text).rstrip(":").strip())
    form.addRow(label, row)
    return row


def parse_date(text: str, field: str = "date") -> date | None:
    """'2026-11-22', '20261122', '2026/11/22' -> date; empty -> None; else ValidationError."""
    from ..models.errors import ValidationError
    raw = (text or "").strip()
    if not raw:
        return None
    m = re.fullmatch(r"(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})", raw) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise ValidationError(field, "bad_date", value=raw)


class OptionalDateEdit(QWidget):
    """A date typed as YYYY-MM-DD (or picked from a calendar), or left empty.

    Alt+Down or F4 in the text field opens the calendar.
    """
    edited = Signal()
    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.line_edit.setMaxLength(20)
        self.line_edit.setClearButtonEnabled(True)
        width = self.line_edit.fontMetrics().horizontalAdvance("0000-00-00__") + 40
        self.line_edit.setMaximumWidth(width * 2)
        layout.addWidget(self.line_edit, 1)
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip(_("Choose a date from the calendar (Alt+Down)"))
        self.button.setAccessibleName(_("Choose date"))
        self.button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.button.setMenu(self.menu)
        layout.addWidget(self.button)
        layout.addStretch(0)
        self.setFocusProxy(self.line_edit)
        self.line_edit.textEdited.connect(lambda _text: self.edited.emit())
        self.line_edit.editingFinished.connect(self.editing_finished)
        self.line_edit.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.line_edit and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            qt = QtCore.Qt
            if key == qt.Key.Key_F4 or (key == qt.Key.Key_Down and mods & qt.KeyboardModifier.AltModifier):
                self.button.showMenu()
                return True
        return super().eventFilter(obj, event)

    def _prepare_calendar(self) -> None:
        from ..models.errors import ValidationError
        try:
            current = parse_date(self.line_edit.text())
        except ValidationError:
            current = None
        current = current or date.today()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        self.menu.hide()
        self.set_date(date(qdate.year(), qdate.month(), qdate.day()))
        self.edited.emit()
        self.editing_finished.emit()

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt style)
        self.line_edit.setText(text)

    def date_value(self, field: str = "date") -> date | None:
        return parse_date(self.line_edit.text(), field)

    def set_date(self, value: date | None) -> None:
        self.line_edit.setText(value.isoformat() if value else "")

    def is_complete(self) -> bool:
        """Long enough to judge while typing."""
        return len(self.line_edit.text().strip()) >= 10

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt style)
        super().setAccessibleName(name)
        self.line_edit.setAccessibleName(name)

    def setAccessibleDescription(self, text: str) -> None:  # noqa: N802 (Qt style)
        super().setAccessibleDescription(text)
        self.line_edit.setAccessibleDescription(text)


class OptionalBoolCombo(QComboBox):
    """Yes / No / not given, for the referral form's tick boxes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.addItem(_("Not given"), None)
        self.addItem(_("Yes"), True)
        self.addItem(_("No"), False)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])


class SavedIndicator(PlainLabel):
    """Status-bar text that follows an Autosaver: Saved / Saving… / Not saved: why."""

    def __init__(self, autosaver: "Autosaver | None" = None, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setAccessibleName(_("Save status"))
        self._autosaver: Autosaver | None = None
        self._normal_palette: QPalette | None = None  # taken on first use (start-up time)
        if autosaver is not None:
            self.bind(autosaver)

    def bind(self, autosaver: "Autosaver | None") -> None:
        if self._autosaver is not None:
            try:
                self._autosaver.state_changed.disconnect(self._show)
            except (RuntimeError, TypeError):
                pass
        self._autosaver = autosaver
        if autosaver is None:
            self.clear()
            return
        autosaver.state_changed.connect(self._show)
        self._show(autosaver.state, autosaver.message)

    def _show(self, state: str, message: str) -> None:
        from .autosave import FAILED, PENDING
        if state == PENDING:
            text = _("Saving…")
        elif state == FAILED:
            text = _("Not saved: {reason}").format(reason=message) if message else _("Not saved")
        else:
            text = _("Saved")
        if self._normal_palette is None:
            self._normal_palette = QPalette(self.palette())
        palette = QPalette(self._normal_palette)
        if state == FAILED:
            from .feedback import ERROR, announce, attention_color
            palette.setColor(QPalette.ColorRole.WindowText, attention_color(self, ERROR))
            if text != self.text():
                announce(self, text, assertive=True)  # a save failed: said at once
        self.setPalette(palette)
        self.setText(text)
