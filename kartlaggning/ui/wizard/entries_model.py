"""The Hinder or Resurser of one area as a Qt list model.

``EntriesModel`` is a thin Qt face on the area record's own ``list[GridEntry]``
(``record.hinder`` or ``record.resurser``): it holds that very list, not a copy, so
whatever goes through the model is in the kartläggning at once, with no step that
copies it back. Every change goes through the model and is announced with the usual
begin/end signals, so any view (``EntryList``'s row widgets, a QListView, a test) and
every ``QPersistentModelIndex`` follows it.

Text is only accepted when it could be saved (``check_text``: not too long, no NUL): a
text that cannot be saved is kept as a draft by the view, and the entry keeps its last
valid text.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from ...models.fields import check_text
from ...models.kartlaggning import GridEntry

SAMTAL_ID_ROLE = Qt.UserRole + 1  # the id of the samtal the entry came from, or None
ENTRY_ID_ROLE = Qt.UserRole + 2  # the entry's own id (read only)
TEXT_ROLES = (int(Qt.DisplayRole), int(Qt.EditRole))


def text_is_valid(text: str) -> bool:
    errors: list = []
    check_text(errors, "", text)
    return not errors


class EntriesModel(QAbstractListModel):
    """One column of one area: a row per ``GridEntry``, in the list's order."""

    def __init__(self, entries: list[GridEntry], parent=None):
        super().__init__(parent)
        self._entries = entries  # the area record's list itself: the model's only storage

    @property
    def entries(self) -> list[GridEntry]:
        """The list the model is over (the area record's). Read it; change it through the model."""
        return self._entries

    # ---- reading -------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self._entries)

    def entry(self, row: int) -> GridEntry:
        return self._entries[row]

    def row_of(self, entry_id: str) -> int:
        """The row of the entry with this id, -1 if it is not in the list."""
        return next((i for i, e in enumerate(self._entries) if e.id == entry_id), -1)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        entry = self._entries[index.row()]
        role = int(role)
        if role in TEXT_ROLES:
            return entry.text
        if role == SAMTAL_ID_ROLE:
            return entry.samtal_id
        if role == ENTRY_ID_ROLE:
            return entry.id
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsEditable

    # ---- editing -------------------------------------------------------------------

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.EditRole) -> bool:  # noqa: N802 (Qt)
        """The text (Edit/DisplayRole; only a text that can be saved) or the samtal id
        (``SAMTAL_ID_ROLE``). ``dataChanged`` only when the value really changed."""
        if not self._valid(index):
            return False
        entry = self._entries[index.row()]
        role = int(role)
        if role in TEXT_ROLES:
            if not isinstance(value, str) or not text_is_valid(value):
                return False
            if value != entry.text:
                entry.text = value
                self.dataChanged.emit(index, index, [int(Qt.DisplayRole), int(Qt.EditRole)])
            return True
        if role == SAMTAL_ID_ROLE:
            if value is not None and not isinstance(value, str):
                return False
            if value != entry.samtal_id:
                entry.samtal_id = value
                self.dataChanged.emit(index, index, [SAMTAL_ID_ROLE])
            return True
        return False

    def insert_entry(self, row: int, entry: GridEntry) -> int:
        """Put ``entry`` in at ``row`` (clamped to 0..rowCount); returns where it went."""
        row = max(0, min(row, len(self._entries)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.insert(row, entry)
        self.endInsertRows()
        return row

    def remove_entry(self, row: int) -> GridEntry:
        """Take the entry at ``row`` out and return it (for an undo)."""
        entry = self._entries[row]  # IndexError for a row that is not there, before any signal
        if not self.removeRows(row, 1):
            raise IndexError(row)
        return entry

    def move_entry(self, row: int, target: int) -> bool:
        """Move the entry at ``row`` so that it ends up at ``target`` (as ``list.insert(target,
        list.pop(row))``). Qt's ``beginMoveRows`` counts the destination before the move:
        one down is ``row + 2``. False (and no signal) when there is nothing to move."""
        n = len(self._entries)
        if not (0 <= row < n and 0 <= target < n) or row == target:
            return False
        return self.moveRows(QModelIndex(), row, 1, QModelIndex(), target + 1 if target > row else target)

    # ---- Qt's generic row operations (what views and proxies call) ------------------

    def removeRows(self, row: int, count: int, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt)
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._entries):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._entries[row:row + count]
        self.endRemoveRows()
        return True

    def moveRows(self, source_parent: QModelIndex, source_row: int, count: int,  # noqa: N802 (Qt)
                 destination_parent: QModelIndex, destination_child: int) -> bool:
        """``destination_child`` is the row before which the block goes, counted before the move."""
        n = len(self._entries)
        if (source_parent.isValid() or destination_parent.isValid() or count < 1 or source_row < 0
                or source_row + count > n or not 0 <= destination_child <= n):
            return False
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1,
                                  QModelIndex(), destination_child):
            return False  # a move onto itself (Qt says no)
        block = self._entries[source_row:source_row + count]
        del self._entries[source_row:source_row + count]
        at = destination_child if destination_child < source_row else destination_child - count
        self._entries[at:at] = block
        self.endMoveRows()
        return True

    def _valid(self, index: QModelIndex) -> bool:
        return (index.isValid() and index.model() is self and not index.parent().isValid()
                and 0 <= index.row() < len(self._entries) and index.column() == 0)
