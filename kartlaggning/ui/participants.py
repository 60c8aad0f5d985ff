"""The participant list: a table model over Repository.search and the page
with the instant search field."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt,
                            Signal)
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from .. import i18n
from ..i18n import N_, _, ngettext
from ..models.personnummer import format_stored

# Same values as storage.repository.STATUS_* (not imported: storage loads lazily).
STATUS_LABELS = {
    "new": N_("New"),
    "in_progress": N_("Kartläggning in progress"),
    "summary_signed": N_("Sammanställning signed"),
    "plan_signed": N_("Plan signed"),
    "follow_up": N_("In follow-up"),
    "training": N_("In work training"),
    "closed": N_("Closed"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def updated_date(iso_timestamp: str) -> date | None:
    """The local calendar date of a stored UTC timestamp."""
    try:
        return datetime.fromisoformat(iso_timestamp).astimezone().date()
    except (TypeError, ValueError):
        return None


def format_day(day: date | None) -> str:
    return _format_day(day, i18n.babel_locale()) if day is not None else ""


@lru_cache(maxsize=4096)
def _format_day(day: date, locale: str) -> str:
    from babel.dates import format_date
    return format_date(day, "medium", locale=locale).replace(" ", "\u00a0")  # a date never breaks across lines


class ParticipantTableModel(QAbstractTableModel):
    COL_NAME = 0
    COL_PERSONNUMMER = 1
    COL_STATUS = 2
    COL_UPDATED = 3
    COLUMN_COUNT = 4

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list = []  # storage.ParticipantSummary
        self._display: list[tuple[str, str, str, str] | None] = []  # formatted when first shown

    # ---- contents -------------------------------------------------------------

    def set_rows(self, summaries: list) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self._display = [None] * len(self._rows)
        self.endResetModel()

    def _row_texts(self, row: int) -> tuple[str, str, str, str]:
        texts = self._display[row]
        if texts is None:
            s = self._rows[row]
            texts = self._display[row] = (s.namn, format_stored(s.personnummer), status_label(s.status),
                                          format_day(updated_date(s.updated)))
        return texts

    def clear(self) -> None:
        self.set_rows([])

    def summary(self, row: int):
        return self._rows[row]

    def participant_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, participant_id: str) -> int | None:
        for i, s in enumerate(self._rows):
            if s.id == participant_id:
                return i
        return None

    # ---- Qt model API -----------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._row_texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[index.row()].id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            self.COL_NAME: "Namn",  # field names from the paper forms stay Swedish
            self.COL_PERSONNUMMER: "Personnummer",
            self.COL_STATUS: _("Status"),
            self.COL_UPDATED: _("Last changed"),
        }.get(section)


class ParticipantListPage(QWidget):
    """The search and the list, with room for panels beside it (``add_side_panel``:
    the window puts "Att göra" there). The list's context menu and the Delete key ask
    for a participant's register extract or deletion (the window does both)."""
    open_requested = Signal(str)  # participant id
    new_requested = Signal()
    extract_requested = Signal(str)  # participant id
    delete_requested = Signal(str)  # participant id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = None
        self.side_panels: list[QWidget] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)
        main = QWidget()
        self.splitter.addWidget(main)
        layout = QVBoxLayout(main)

        top = QHBoxLayout()
        label = QLabel(_("Sea&rch:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name or personnummer"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search participants"))
        self.search.setMaxLength(200)
        label.setBuddy(self.search)
        top.addWidget(label)
        top.addWidget(self.search, 1)
        self.new_button = QPushButton(_("&New participant"))
        self.new_button.setToolTip(_("New participant (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        self.model = ParticipantTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Participants"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self._size_columns()
        self.table.activated.connect(self._open_index)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.table, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.open_selected)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)

    def _size_columns(self) -> None:
        """Widths from the font and the longest possible texts, not from the rows:
        ResizeToContents would format every row of a long list on each keystroke."""
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        pad = fm.averageCharWidth() * 5
        samples = {
            ParticipantTableModel.COL_PERSONNUMMER: ["00000000-0000", "Personnummer"],
            ParticipantTableModel.COL_STATUS: [status_label(k) for k in STATUS_LABELS] + [_("Status")],
            ParticipantTableModel.COL_UPDATED: [format_day(date(2026, 9, 30)), _("Last changed")],
        }
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ParticipantTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col, texts in samples.items():
            header.resizeSection(col, max(fm.horizontalAdvance(t) for t in texts) + pad)

    # ---- data -------------------------------------------------------------------

    def add_side_panel(self, panel: QWidget, key: str = "participant_list") -> None:
        """A panel beside the list; ``set_repo``, ``clear`` and ``participants_changed``
        are passed on to it. The splitter's position is remembered (``key``)."""
        from . import window_state
        self.side_panels.append(panel)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(self.splitter.count() - 1, 2)
        fm = self.fontMetrics()
        self.splitter.setSizes([fm.averageCharWidth() * 90] + [fm.averageCharWidth() * 60] * len(self.side_panels))
        window_state.track_splitter(self.splitter, key)

    def _panels(self, method: str, *args) -> None:
        for panel in self.side_panels:
            fn = getattr(panel, method, None)
            if callable(fn):
                fn(*args)

    def set_repo(self, repo) -> None:
        self.repo = repo
        self._panels("set_repo", repo)

    def participants_changed(self, participant_ids) -> None:
        """Participants were saved, created or deleted (the panels recompute only them)."""
        self._panels("participants_changed", list(participant_ids))

    def refresh(self, *_args) -> None:
        """Re-run the search (fast: an indexed query) and keep the selection if possible."""
        if self.repo is None:
            self.model.clear()
            return
        keep = self.selected_id()
        query = self.search.text()
        self.model.set_rows(self.repo.search(query))
        rows = self.model.rowCount()
        row = self.model.row_of(keep) if keep else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._update_status(query, rows)

    def _update_status(self, query: str, rows: int) -> None:
        if rows:
            self.status.setText(ngettext("{n} participant", "{n} participants", rows).format(n=rows))
        elif query.strip():
            self.status.setText(_("No participant matches the search."))
        else:
            self.status.setText(_("No participants yet. Press New participant (Ctrl+N) to add the first."))

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self.repo = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.status.clear()
        self._panels("clear")

    # ---- selection and opening ------------------------------------------------------

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.participant_id(rows[0].row())
        current = self.table.currentIndex()
        return self.model.participant_id(current.row()) if current.isValid() else None

    def select_id(self, participant_id: str) -> bool:
        row = self.model.row_of(participant_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def open_selected(self) -> None:
        pid = self.selected_id()
        if pid:
            self.open_requested.emit(pid)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.participant_id(index.row()))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        pid = self.model.participant_id(index.row())
        menu = self.context_menu(pid)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, participant_id: str) -> QMenu:
        """Open, Register extract…, Delete participant… for one row."""
        menu = QMenu(self.table)
        menu.addAction(_("&Open"), lambda: self.open_requested.emit(participant_id))
        menu.addAction(_("&Register extract…"), lambda: self.extract_requested.emit(participant_id))
        menu.addSeparator()
        menu.addAction(_("&Delete participant…"), lambda: self.delete_requested.emit(participant_id))
        return menu

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().selectedRows():
                    self.table.selectRow(0)
                return True
            if obj is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if obj is self.table and key == Qt.Key.Key_Delete and self.selected_id():
                self.delete_requested.emit(self.selected_id())  # asks first, naming the person
                return True
        return super().eventFilter(obj, event)
