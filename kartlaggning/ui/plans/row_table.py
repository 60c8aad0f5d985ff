"""Form tables (Delmål, Ansvarsfördelning, the Utvecklingsplan's rows) as a Qt item
model over the document's own list: a cell edited changes the item in that list at
once, there is no second copy of the rows to keep in step.

Cell editors commit as the user types (not only on Enter, Tab or focus-out), so a
lock, an autosave or a print from inside the open cell has every character typed.
A date cell that is no date keeps what was typed (``raw``) and reads as None; its
error names the cell as ``prefix[row].name``.

A column can be read only (the Kontaktlista's roles: a label for each row, shown from
the item's value), and a table can have fixed rows (no add, remove or move). Tab goes
from cell to cell over the editable ones and, after the last (before the first), on
to the next (previous) field of the form, not round again.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QAbstractScrollArea, QApplication,
                               QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QSizePolicy, QStyledItemDelegate,
                               QTableView, QVBoxLayout, QWidget)

from ...i18n import _
from ...models.errors import ValidationError
from ..widgets import ErrorLabel, OptionalDateEdit, parse_date, plain

EDIT_ROLE = Qt.ItemDataRole.EditRole
DISPLAY_ROLES = (Qt.ItemDataRole.DisplayRole, EDIT_ROLE, Qt.ItemDataRole.ToolTipRole,
                 Qt.ItemDataRole.AccessibleTextRole)


@dataclass
class Column:
    header: str
    kind: str = "text"  # "text" or "date"
    stretch: bool = False
    width: int = 0
    attr: str | None = None  # the field of each item shown here; None: the item itself (a list of str)
    editable: bool = True  # False: shown, never edited (a row's label)
    label: Callable[[Any], str] | None = None  # the text shown for a value (e.g. a role key -> its name)
    tooltip: Callable[[Any], str] | None = None  # the cell's tooltip, from its value
    name: str = ""  # the accessible name of a cell, with {n} for the row number ("Contact person {n}: name")


class ItemsModel(QAbstractTableModel):
    """The rows of one list field of the document being edited, edited in place."""
    changed = Signal()

    def __init__(self, columns: list[Column], new_item: Callable[[], Any], min_rows: int = 0,
                 numbered: bool = False, parent=None, fixed: bool = False):
        super().__init__(parent)
        self.columns = columns
        self.new_item = new_item
        self.min_rows = min_rows
        self.numbered = numbered
        self.fixed = fixed  # the rows are the items as given: none added, removed or moved
        self.items: list = []
        self.raw: dict[tuple[int, int], str] = {}  # (row, column) -> a date as typed that is no date

    # ---- the list ----------------------------------------------------------------------

    def set_items(self, items: list) -> None:
        """Show and edit ``items`` (the document's list itself)."""
        self.beginResetModel()
        self.items = items
        self.raw = {}
        self.endResetModel()

    def _get(self, row: int, column: int):
        item = self.items[row]
        attr = self.columns[column].attr
        return item if attr is None else getattr(item, attr)

    def _put(self, row: int, column: int, value) -> None:
        attr = self.columns[column].attr
        if attr is None:
            self.items[row] = value
        else:
            setattr(self.items[row], attr, value)

    def text(self, row: int, column: int) -> str:
        """The cell as shown: what was typed for a bad date, a date as YYYY-MM-DD."""
        if (row, column) in self.raw:
            return self.raw[(row, column)]
        if row >= len(self.items):
            return ""
        value = self._get(row, column)
        if self.columns[column].label is not None:
            return self.columns[column].label(value)
        if isinstance(value, date):
            return value.isoformat()
        return value or ""

    def cell_name(self, row: int, column: int) -> str:
        """What a screen reader says for the cell's editor: the column's name for it, else
        the row's label (a read-only column) and the column, else the column and the row number."""
        spec = self.columns[column]
        if spec.name:
            return spec.name.format(n=row + 1)
        label = next((self.text(row, c) for c, s in enumerate(self.columns) if not s.editable), "")
        return f"{label}: {spec.header}" if label else f"{spec.header} {row + 1}"

    def is_blank(self, row: int) -> bool:
        return all(not self.text(row, c).strip() for c in range(len(self.columns)))

    def filled_count(self) -> int:
        """Rows up to the last one with anything in it (the form's empty lines after it don't count)."""
        count = len(self.items)
        if self.fixed:
            return count
        while count and self.is_blank(count - 1):
            count -= 1
        return count

    def rows(self) -> list[list[str]]:
        return [[self.text(r, c) for c in range(len(self.columns))] for r in range(self.filled_count())]

    def trimmed(self) -> list:
        """A copy of the items without the empty rows at the end."""
        return copy.deepcopy(self.items[:self.filled_count()])

    def errors(self, prefix: str) -> list[ValidationError]:
        """A bad date in a row that counts, named ``prefix[row].name``."""
        out = []
        for (row, column), text in sorted(self.raw.items()):
            if row < self.filled_count():
                try:
                    parse_date(text, f"{prefix}[{row}].{self.columns[column].attr}")
                except ValidationError as exc:
                    out.append(exc)
        return out

    # ---- Qt's model API ------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else max(len(self.items), self.min_rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return f"{section + 1}." if self.numbered else None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and not spec.editable:
            return QApplication.palette().window()  # a label, not a field (the theme's own colours)
        if role not in DISPLAY_ROLES:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip is not None and index.row() < len(self.items):
            return spec.tooltip(self._get(index.row(), index.column()))
        return self.text(index.row(), index.column())

    def flags(self, index: QModelIndex):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value, role=EDIT_ROLE) -> bool:  # noqa: N802 (Qt)
        if not index.isValid() or role != EDIT_ROLE:
            return False
        row, column = index.row(), index.column()
        if not self.columns[column].editable or (self.fixed and row >= len(self.items)):
            return False
        text = "" if value is None else (value.isoformat() if isinstance(value, date) else str(value))
        if text == self.text(row, column):
            return True
        while len(self.items) <= row:  # typing into one of the form's empty lines makes it a row
            self.items.append(self.new_item())
        if self.columns[column].kind == "date":
            try:
                parsed = parse_date(text, "date")
            except ValidationError:
                self.raw[(row, column)] = text
                self._put(row, column, None)
            else:
                self.raw.pop((row, column), None)
                self._put(row, column, parsed)
        else:
            self._put(row, column, text)
        self.dataChanged.emit(index, index)
        self.changed.emit()
        return True

    # ---- rows ----------------------------------------------------------------------------------

    def _shift_raw(self, moved: Callable[[int], int | None]) -> None:
        raw = {}
        for (row, column), text in self.raw.items():
            new = moved(row)
            if new is not None:
                raw[(new, column)] = text
        self.raw = raw

    def insert_blank(self, row: int) -> None:
        if self.fixed:
            return
        row = min(max(row, 0), len(self.items))
        grows = len(self.items) >= self.min_rows
        if grows:
            self.beginInsertRows(QModelIndex(), row, row)
        self.items.insert(row, self.new_item())
        self._shift_raw(lambda r: r + 1 if r >= row else r)
        if grows:
            self.endInsertRows()
        else:
            self.dataChanged.emit(self.index(row, 0), self.index(self.rowCount() - 1, len(self.columns) - 1))
        self.changed.emit()

    def remove(self, row: int) -> None:
        if self.fixed or not 0 <= row < self.rowCount():
            return
        if row < len(self.items):
            shrinks = len(self.items) > self.min_rows
            if shrinks:
                self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self._shift_raw(lambda r: None if r == row else (r - 1 if r > row else r))
            if shrinks:
                self.endRemoveRows()
            else:
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(self.columns) - 1))
            self.changed.emit()

    def move(self, row: int, target: int) -> None:
        last = max(len(self.items), self.min_rows) - 1
        if self.fixed or not (0 <= row <= last and 0 <= target <= last) or row == target:
            return
        while len(self.items) <= max(row, target):
            self.items.append(self.new_item())
        self.items[row], self.items[target] = self.items[target], self.items[row]
        self._shift_raw(lambda r: target if r == row else (row if r == target else r))
        top, bottom = min(row, target), max(row, target)
        self.dataChanged.emit(self.index(top, 0), self.index(bottom, len(self.columns) - 1))
        self.changed.emit()


def _same_date(typed: str, shown: str) -> bool:
    """Both texts are the same date (written differently)."""
    try:
        return parse_date(typed) == parse_date(shown) is not None
    except ValidationError:
        return False


def _unselect(editor) -> None:
    line = getattr(editor, "line_edit", editor)
    if isinstance(line, QLineEdit):
        line.deselect()


class CommitAsTyped(QStyledItemDelegate):
    """Cell editors whose text reaches the model at every keystroke; date cells get
    the app's date field (typed, or picked from its calendar)."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt)
        model = index.model()
        column = model.columns[index.column()]
        if column.kind == "date":
            editor = OptionalDateEdit(parent)
            editor.setAccessibleName(model.cell_name(index.row(), index.column()))
            editor.edited.connect(lambda e=editor: self.commitData.emit(e))
            return editor
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAccessibleName(model.cell_name(index.row(), index.column()))
            editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor

    def setEditorData(self, editor, index):  # noqa: N802 (Qt)
        model = index.model()
        text = model.text(index.row(), index.column())
        if editor.text() == text:  # never under the cursor of the one typing
            return
        if model.columns[index.column()].kind == "date" and _same_date(editor.text(), text):
            return  # "2026-10-1" on the way to "2026-10-18" is stored as 2026-10-01: left as typed
        editor.setText(text)

    def setModelData(self, editor, model, index):  # noqa: N802 (Qt)
        model.setData(index, editor.text(), EDIT_ROLE)


class FormTableView(QTableView):
    """Tab and Shift+Tab go over the editable cells in reading order; past the last
    (before the first) they go on to the form's next (previous) field instead of round again."""

    def _step(self, forward: bool, from_edge: bool = False) -> QModelIndex:
        """The next (previous) editable cell after the current one (with ``from_edge``: the
        first, the last); invalid when there is none."""
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        cells = rows * columns
        if not cells:
            return QModelIndex()
        current = self.currentIndex()
        at = current.row() * columns + current.column() if current.isValid() and not from_edge else (
            -1 if forward else cells)
        at += 1 if forward else -1
        while 0 <= at < cells:
            index = model.index(at // columns, at % columns)
            if (not self.isRowHidden(index.row()) and not self.isColumnHidden(index.column())
                    and model.flags(index) & Qt.ItemFlag.ItemIsEditable):
                return index
            at += 1 if forward else -1
        return QModelIndex()

    def moveCursor(self, action, modifiers):  # noqa: N802 (Qt)
        move = QAbstractItemView.CursorAction
        if action in (move.MoveNext, move.MovePrevious):
            return self._step(action == move.MoveNext)
        return super().moveCursor(action, modifiers)

    def _leave(self, forward: bool) -> None:
        QAbstractScrollArea.focusNextPrevChild(self, forward)  # the form's chain, not this view's cells

    @staticmethod
    def _tab(event) -> bool | None:
        """True for Tab, False for Shift+Tab, None for any other key."""
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return None
        if event.key() == Qt.Key.Key_Backtab or (event.key() == Qt.Key.Key_Tab
                                                  and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            return False
        return True if event.key() == Qt.Key.Key_Tab else None

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt)
        forward = self._tab(event)
        if forward is not None and self.tabKeyNavigation() and not self._step(forward).isValid():
            event.accept()
            self._leave(forward)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 (Qt)
        hints = QAbstractItemDelegate.EndEditHint
        leaving = hint in (hints.EditNextItem, hints.EditPreviousItem) and not self._step(
            hint == hints.EditNextItem).isValid()
        super().closeEditor(editor, hints.NoHint if leaving else hint)
        if leaving:
            self._leave(hint == hints.EditNextItem)

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Tabbed into: the first editable cell opens (with Shift+Tab: the last), as a field would."""
        super().focusInEvent(event)
        reason = event.reason()
        if reason not in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            return
        target = self._step(reason == Qt.FocusReason.TabFocusReason, from_edge=True)
        if not target.isValid():
            return
        if target != self.currentIndex():
            self.setCurrentIndex(target)  # opens its editor (the edit triggers include CurrentChanged)
        if self.state() != QAbstractItemView.State.EditingState:
            self.edit(target)


class RowTable(QWidget):
    """A form table with add, remove, move up and move down, over a list of the document;
    with ``fixed_rows`` the rows are the list as bound (no buttons)."""
    changed = Signal()

    def __init__(self, columns: list[Column], new_item: Callable[[], Any] = str, min_rows: int = 0,
                 numbered: bool = False, parent: QWidget | None = None, fixed_rows: bool = False,
                 add_text: str | None = None):
        super().__init__(parent)
        self.columns = columns
        self.fixed_rows = fixed_rows
        self.model = ItemsModel(columns, new_item, min_rows, numbered, self, fixed=fixed_rows)
        self.table = FormTableView(self)
        self.table.setModel(self.model)
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
        self.model.changed.connect(self._on_changed)
        for sig in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            sig.connect(self._structure_changed)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_rows)
        header.sectionResized.connect(lambda *_a: self._fit_timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._update_buttons())

        self.buttons: list[QPushButton] = []
        self.add_button = self.remove_button = self.up_button = self.down_button = None
        if not fixed_rows:
            self.add_button = self._button(add_text or _("Add row"), "Insert", self.add_row)
            self.remove_button = self._button(_("Remove row"), "Ctrl+Delete", self.remove_current)
            self.up_button = self._button(_("Move up"), "Ctrl+Shift+Up", lambda: self.move_current(-1))
            self.down_button = self._button(_("Move down"), "Ctrl+Shift+Down", lambda: self.move_current(1))
            self.buttons = [self.add_button, self.remove_button, self.up_button, self.down_button]
        self.error = ErrorLabel(self, field=self.table)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        if self.buttons:
            buttons = QHBoxLayout()
            buttons.setContentsMargins(0, 0, 0, 0)
            for b in self.buttons:
                buttons.addWidget(b)
            buttons.addStretch(1)
            lay.addLayout(buttons)
        lay.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._structure_changed()

    def _button(self, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        seq = QKeySequence(keys)
        button.setToolTip(f"{plain(text)} ({seq.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.clicked.connect(slot)
        shortcut = QShortcut(seq, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return button

    # ---- data ----------------------------------------------------------------------------

    def bind(self, items: list) -> None:
        """Edit ``items`` (a list of the document being edited) in this table."""
        self.model.set_items(items)

    def rows(self) -> list[list[str]]:
        """The rows that count, as shown (dates as text, what was typed for a bad date)."""
        return self.model.rows()

    def items(self) -> list:
        """A copy of the rows that count, as the document's items."""
        return self.model.trimmed()

    def errors(self, prefix: str) -> list[ValidationError]:
        return self.model.errors(prefix)

    def set_error(self, message: str | None) -> None:
        self.error.set_message(message)

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return self.table.currentIndex().row()

    # ---- actions -----------------------------------------------------------------------------

    def add_row(self) -> None:
        """The first empty line after the last filled one, else a new row; the cursor goes there."""
        if self.fixed_rows:
            return
        row = self.model.filled_count()
        if row >= self.model.rowCount():
            self.model.insert_blank(row)
        self._select(row, edit=True)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.current_row()
        if self.fixed_rows or not 0 <= row < self.model.rowCount():
            return
        self.model.remove(row)
        self._select(min(row, self.model.rowCount() - 1))

    def move_current(self, step: int) -> None:
        row = self.current_row()
        column = max(self.table.currentIndex().column(), 0)
        target = row + step
        if self.fixed_rows or not (0 <= row < self.model.rowCount() and 0 <= target < self.model.rowCount()):
            return
        self.model.move(row, target)
        self._select(target, column=column)

    def _select(self, row: int, column: int = 0, edit: bool = False) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        if edit:
            if self.columns[column].kind == "date":
                self.table.indexWidget(index).setFocus()
            elif self.table.state() != QAbstractItemView.State.EditingState:  # a new current cell opens itself
                self.table.edit(index)
        self._update_buttons()

    def _update_buttons(self) -> None:
        if self.fixed_rows:
            return
        row = self.current_row()
        valid = 0 <= row < self.model.rowCount()
        self.remove_button.setEnabled(valid)
        self.up_button.setEnabled(valid and row > 0)
        self.down_button.setEnabled(valid and row < self.model.rowCount() - 1)

    # ---- the view -------------------------------------------------------------------------------

    def _on_changed(self) -> None:
        self._fit_timer.start()
        self.changed.emit()

    def _structure_changed(self, *_args) -> None:
        """Date cells always show their date field (with its calendar)."""
        for column, spec in enumerate(self.columns):
            if spec.kind == "date":
                for row in range(self.model.rowCount()):
                    index = self.model.index(row, column)
                    if not self.table.isPersistentEditorOpen(index):
                        self.table.openPersistentEditor(index)
                        _unselect(self.table.indexWidget(index))  # Qt selects the opened editor's text
        self._fit_timer.start()
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
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        if self.table.horizontalScrollBar().isVisible():
            height += self.table.horizontalScrollBar().height()
        self.table.setFixedHeight(max(height, 60))

    # ---- for tests and keyboard users ------------------------------------------------------------

    def cell_rect(self, row: int, column: int):
        """Where the cell is in the table's viewport (to click it)."""
        return self.table.visualRect(self.model.index(row, column))

    def set_cell(self, row: int, column: int, value) -> None:
        """Set a value as if typed or picked in the cell."""
        index = self.model.index(row, column)
        if self.columns[column].kind == "date":
            edit = self.table.indexWidget(index)
            edit.set_date(value) if not isinstance(value, str) else edit.setText(value)
            edit.edited.emit()
        else:
            self.model.setData(index, value, EDIT_ROLE)

