"""Small building blocks shared by the plan editors: date fields that may be
empty, row tables with add/remove/move, error labels next to fields."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QSizePolicy, QStyledItemDelegate, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...i18n import _
from ...models.errors import ValidationError
from ...models.personnummer import parse
from ..widgets import ErrorLabel, OptionalDateEdit, parse_date


def text_box(min_lines: int = 3, parent: QWidget | None = None) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * min_lines + 14)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return box


def line(parent: QWidget | None = None, max_length: int = 0) -> QLineEdit:
    edit = QLineEdit(parent)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


def date_field(parent: QWidget | None = None) -> OptionalDateEdit:
    return OptionalDateEdit(parent)


def read_date(edit: OptionalDateEdit, field: str, errors: list, required: bool = False,
              fallback: date | None = None) -> date | None:
    """The date in ``edit``; a bad or missing required date adds a ValidationError
    and gives ``fallback`` (the text stays as typed)."""
    try:
        value = edit.date_value(field)
    except ValidationError as exc:
        errors.append(exc)
        return fallback
    if value is None and required:
        errors.append(ValidationError(field, "empty"))
        return fallback
    return value


def read_personnummer(text: str, errors: list, fallback: str) -> str:
    """The 12 stored digits of ``text`` ('' when empty); a bad number adds its
    ValidationError and gives ``fallback`` (the text stays as typed)."""
    text = text.strip()
    if not text:
        return ""
    try:
        return parse(text, field="personnummer").digits
    except ValidationError as exc:
        errors.append(exc)
        return fallback



def section_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


@dataclass
class Column:
    header: str
    kind: str = "text"  # "text" or "date"
    stretch: bool = False
    width: int = 0


class CommitAsTyped(QStyledItemDelegate):
    """A cell editor whose text reaches the item at every keystroke, not only on
    Enter, Tab or focus-out: a lock, an autosave or a print from inside the open
    cell then has every character typed."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt)
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor


class RowTable(QWidget):
    """Rows of a form table (Delmål, Ansvarsfördelning, ...) with add, remove,
    move up and move down. Rows are lists of values (str, or date | None for date
    columns); the table is rebuilt on structural changes."""
    changed = Signal()

    def __init__(self, columns: list[Column], min_rows: int = 0, numbered: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.columns = columns
        self.min_rows = min_rows
        self.numbered = numbered
        self._rows: list[list] = []
        self._building = False

        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(numbered)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for i, c in enumerate(columns):
            if c.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            elif c.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(i, c.width)
        self.table.setItemDelegate(CommitAsTyped(self.table))
        self.table.itemChanged.connect(self._item_changed)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_a: self._fit_timer.start())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = self._button(_("Add row"), "Insert", self.add_row)
        self.remove_button = self._button(_("Remove row"), "Ctrl+Delete", self.remove_current)
        self.up_button = self._button(_("Move up"), "Ctrl+Shift+Up", lambda: self.move_current(-1))
        self.down_button = self._button(_("Move down"), "Ctrl+Shift+Down", lambda: self.move_current(1))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.error = ErrorLabel(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        lay.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._rebuild()

    def _button(self, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        seq = QKeySequence(keys)
        button.setToolTip(f"{text} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.clicked.connect(slot)
        shortcut = QShortcut(seq, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return button

    # ---- data ----------------------------------------------------------------

    def blank_row(self) -> list:
        return ["" for _c in self.columns]

    def rows(self) -> list[list[str]]:
        """All rows as typed (dates as text), trailing blank rows (the form's
        empty lines) dropped."""
        rows = [list(r) for r in self._rows]
        while rows and self._is_blank(rows[-1]):
            rows.pop()
        return rows

    def values(self, prefix: str, names: list[str], errors: list) -> list[list]:
        """``rows()`` with date columns parsed; a bad date adds a ValidationError
        named ``prefix[row].name`` and reads as None."""
        out = []
        for r, row in enumerate(self.rows()):
            values = []
            for c, col in enumerate(self.columns):
                if col.kind == "date":
                    try:
                        values.append(parse_date(row[c], f"{prefix}[{r}].{names[c]}"))
                    except ValidationError as exc:
                        errors.append(exc)
                        values.append(None)
                else:
                    values.append(row[c])
            out.append(values)
        return out

    @staticmethod
    def _is_blank(row: list) -> bool:
        return all(not (v or "").strip() for v in row)

    def set_rows(self, rows: list[list]) -> None:
        """Rows of str (text columns) and date | None (date columns)."""
        self._rows = [[(v.isoformat() if isinstance(v, date) else (v or "")) for v in r] for r in rows]
        self._pad()
        self._rebuild()

    def set_error(self, message: str | None) -> None:
        self.error.set_message(message)

    def _pad(self) -> None:
        while len(self._rows) < self.min_rows:
            self._rows.append(self.blank_row())

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return rows[0].row()
        return self.table.currentRow()

    # ---- actions ---------------------------------------------------------------

    def add_row(self) -> None:
        """Use the first blank line after the last filled one, else append a row."""
        filled = len(self.rows())
        if filled >= len(self._rows):
            self._rows.append(self.blank_row())
        self._rebuild()
        self._select(filled, edit=True)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.current_row()
        if not 0 <= row < len(self._rows):
            return
        del self._rows[row]
        self._pad()
        self._rebuild()
        self._select(min(row, len(self._rows) - 1))
        self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.current_row()
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return
        self._rows[row], self._rows[target] = self._rows[target], self._rows[row]
        column = max(self.table.currentColumn(), 0)
        self._rebuild()
        self._select(target, column=column)
        self.changed.emit()

    def _select(self, row: int, column: int = 0, edit: bool = False) -> None:
        if not 0 <= row < self.table.rowCount():
            return
        self.table.setCurrentCell(row, column)
        self.table.selectRow(row)
        if edit and self.columns[column].kind == "text":
            self.table.editItem(self.table.item(row, column))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.current_row()
        valid = 0 <= row < len(self._rows)
        self.remove_button.setEnabled(valid)
        self.up_button.setEnabled(valid and row > 0)
        self.down_button.setEnabled(valid and row < len(self._rows) - 1)

    # ---- table ----------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._building = True
        try:
            self.table.clearContents()
            self.table.setRowCount(len(self._rows))
            for r, values in enumerate(self._rows):
                for c, col in enumerate(self.columns):
                    if col.kind == "date":
                        edit = OptionalDateEdit()
                        edit.setText(values[c])
                        edit.setAccessibleName(f"{col.header} {r + 1}")
                        edit.edited.connect(lambda r=r, c=c, e=edit: self._date_changed(r, c, e))
                        self.table.setCellWidget(r, c, edit)
                    else:
                        item = QTableWidgetItem(values[c] or "")
                        item.setToolTip(values[c] or "")
                        self.table.setItem(r, c, item)
            if self.numbered:
                self.table.setVerticalHeaderLabels([f"{i + 1}." for i in range(len(self._rows))])
        finally:
            self._building = False
        self._fit_rows()
        self._update_buttons()

    def _fit_rows(self) -> None:
        self.table.resizeRowsToContents()
        self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._fit_timer.start()

    def _fit_height(self) -> None:
        """Show every row (the editor page scrolls, not the table)."""
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth() + 2
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        if self.table.horizontalScrollBar().isVisible():
            height += self.table.horizontalScrollBar().height()
        self.table.setFixedHeight(max(height, 60))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._building:
            return
        r, c = item.row(), item.column()
        if 0 <= r < len(self._rows):
            self._rows[r][c] = item.text()
            self._building = True
            item.setToolTip(item.text())
            self._building = False
            self._fit_timer.start()
            self.changed.emit()

    def _date_changed(self, r: int, c: int, edit: OptionalDateEdit) -> None:
        if self._building or not 0 <= r < len(self._rows):
            return
        self._rows[r][c] = edit.text()
        self.changed.emit()

    # ---- for tests and keyboard users ---------------------------------------------------

    def set_cell(self, row: int, column: int, value) -> None:
        """Set a value as if typed/picked in the table."""
        if self.columns[column].kind == "date":
            edit = self.table.cellWidget(row, column)
            edit.set_date(value) if not isinstance(value, str) else edit.setText(value)
            edit.edited.emit()
        else:
            self.table.item(row, column).setText(value)
