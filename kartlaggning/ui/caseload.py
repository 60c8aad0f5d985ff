""""Att göra": the caseload panel beside the participant list.

Why beside the list and not on a tab of its own: the list is where the window opens
after unlock and where every "Tillbaka till listan" returns, so what needs doing today
is in view at the start of the day and after each participant, without a click and
without hiding the search. It is a splitter pane (remembered like the others), so a
handläggare who wants the list alone drags it narrow.

The groups (``services.caseload.KINDS``) are the tree's top level, each with its count;
under each, the participants in Swedish order. A click on a participant's row, or Enter
on it, opens the participant where the thing is to be done (``show_place``); Enter or a
click on a group opens or closes it.

The caseload is computed in a worker thread on a read-only connection of its own
(``storage.caseload.open_reader``), never on the UI thread: all of it after unlock, on
"Uppdatera" and on a new day; only the participant just edited when the user returns to
the list (``participants_changed``), which costs a few milliseconds whatever the size.
"""
from __future__ import annotations

import time
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeView,
                               QVBoxLayout, QWidget)

from .. import log
from ..i18n import _, ngettext
from ..models.personnummer import format_stored
from ..services import caseload as cl
from . import tasks
from .participants import format_day
from .widgets import scaled_font

# ---- texts ---------------------------------------------------------------------------------


def group_title(kind: str, n: int) -> str:
    """A group's heading with its count."""
    if kind == cl.FOLLOW_UP:
        return ngettext("{n} follow-up due this month", "{n} follow-ups due this month", n).format(n=n)
    if kind == cl.PLAN:
        return ngettext("{n} plan not signed", "{n} plans not signed", n).format(n=n)
    if kind == cl.SAMTAL:
        return ngettext("{n} kartläggning past five samtal", "{n} kartläggningar past five samtal", n).format(n=n)
    if kind == cl.CONSENT:
        return ngettext("{n} consent withdrawn or missing", "{n} consents withdrawn or missing", n).format(n=n)
    if kind == cl.REFERRAL:
        return ngettext("{n} referral period ends within 30 days or has ended",
                        "{n} referral periods end within 30 days or have ended", n).format(n=n)
    if kind == cl.GALLRING:
        return ngettext("{n} record due for gallring", "{n} records due for gallring", n).format(n=n)
    return f"{kind} ({n})"


def item_text(item: cl.Item) -> str:
    """What is to be done about one participant, with its date."""
    day = format_day(item.day)
    if item.kind == cl.FOLLOW_UP:
        return (_("Overdue since {date}") if item.state == cl.OVERDUE else _("Due on {date}")).format(date=day)
    if item.kind == cl.PLAN:
        return _("Drawn up {date}, not signed").format(date=day) if item.day else _("Not signed")
    if item.kind == cl.SAMTAL:
        return ngettext("{n} samtal, sammanställning not signed", "{n} samtal, sammanställning not signed",
                        item.count).format(n=item.count)
    if item.kind == cl.CONSENT:
        if item.state == cl.WITHDRAWN:
            return _("Withdrawn {date}").format(date=day)
        if item.state == cl.EXPIRED:
            return _("Expired {date}").format(date=day)
        return _("No signed consent")
    if item.kind == cl.REFERRAL:
        return (_("Ended {date}") if item.state == cl.ENDED else _("Ends {date}")).format(date=day)
    if item.kind == cl.GALLRING:
        return _("Due for gallring since {date}").format(date=day)
    return day


# ---- the model: groups, and the participants under each ---------------------------------------

class CaseloadModel(QAbstractItemModel):
    """Two levels: a group per kind that has something (in ``KINDS`` order), its items
    under it. A group's index has internal id 0, an item's the group's row + 1. Texts
    are made when a row is first shown (thousands of rows cost nothing until scrolled to)."""
    COL_NAME = 0
    COL_PERSONNUMMER = 1
    COL_WHAT = 2
    COLUMN_COUNT = 3

    def __init__(self, parent=None):
        super().__init__(parent)
        self.caseload: cl.Caseload | None = None
        self._groups: list[tuple[str, list[cl.Item]]] = []
        self._texts: dict[tuple[int, int], tuple[str, str, str]] = {}

    def set_caseload(self, caseload: cl.Caseload | None) -> None:
        self.beginResetModel()
        self.caseload = caseload
        self._groups = [] if caseload is None else [(k, caseload.items(k)) for k in cl.KINDS if caseload.items(k)]
        self._texts = {}
        self.endResetModel()

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _items in self._groups]

    def group_row(self, kind: str) -> int | None:
        return next((i for i, (k, _items) in enumerate(self._groups) if k == kind), None)

    def item(self, index: QModelIndex | QPersistentModelIndex) -> cl.Item | None:
        """The item of a participant's row; None for a group's row."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def kind(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        if not index.isValid():
            return None
        group = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self._groups[group][0]

    def _item_texts(self, group: int, row: int) -> tuple[str, str, str]:
        key = (group, row)
        texts = self._texts.get(key)
        if texts is None:
            i = self._groups[group][1][row]
            texts = self._texts[key] = (i.namn, format_stored(i.personnummer), item_text(i))
        return texts

    # ---- Qt model API ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        group = parent.row()
        if row >= len(self._groups[group][1]):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMN_COUNT

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            kind, items = self._groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return group_title(kind, len(items)) if index.column() == 0 else None
            if role == Qt.ItemDataRole.FontRole and index.column() == 0:
                font = QFont()
                font.setBold(True)
                return font
            return None
        group = index.internalId() - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return self._item_texts(group, index.row())[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:  # the whole row, for a screen reader
            texts = self._item_texts(group, index.row())
            return f"{texts[0]}, {texts[1]}: {texts[2]}" if index.column() == 0 else texts[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_WHAT:
            return self._item_texts(group, index.row())[2]
        if role == Qt.ItemDataRole.UserRole:
            return self._groups[group][1][index.row()].participant_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {self.COL_NAME: "Namn", self.COL_PERSONNUMMER: "Personnummer", self.COL_WHAT: _("To do")}.get(section)


class CaseloadTree(QTreeView):
    """Enter on a participant's row opens them; on a group, opens or closes it."""
    activate_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activate_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


# ---- the panel ----------------------------------------------------------------------------

class CaseloadView(QWidget):
    """The "Att göra" panel; ``open_requested(participant id, place)`` when a row is chosen."""
    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseload")
        self.repo = None
        self._generation = 0  # results of a refresh started before the latest one are dropped
        self._running: tasks.Task | None = None
        self._pending_ids: set[str] = set()  # edited while a refresh ran: recomputed after it
        self._last_open = (None, 0.0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel(_("To &do"))
        self.title.setFont(scaled_font(self, 1.15, bold=True))
        top.addWidget(self.title)
        top.addStretch(1)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setToolTip(_("Check every participant again"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        self.progress_button = QPushButton(_("Progress in the caseload…"))
        self.progress_button.setToolTip(_("The average change across the caseload in a period, naming nobody"))
        self.progress_button.clicked.connect(self.show_group_change)
        top.addWidget(self.progress_button)
        layout.addLayout(top)

        self.model = CaseloadModel(self)
        self.tree = CaseloadTree()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(_("To do"))
        self.tree.setUniformRowHeights(True)  # thousands of rows: no per-row size hints
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setWordWrap(False)
        self.tree.clicked.connect(self._clicked)
        self.tree.activate_requested.connect(self._activate)
        self.title.setBuddy(self.tree)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm = self.tree.fontMetrics()
        header.resizeSection(CaseloadModel.COL_NAME, fm.averageCharWidth() * 30 + self.tree.indentation())
        header.resizeSection(CaseloadModel.COL_PERSONNUMMER, fm.horizontalAdvance("00000000-0000") + fm.averageCharWidth() * 4)
        layout.addWidget(self.tree, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)

    # ---- data -------------------------------------------------------------------------------

    @property
    def caseload(self) -> cl.Caseload | None:
        return self.model.caseload

    def set_repo(self, repo) -> None:
        """Unlocked (or rebuilt): compute everything; None forgets it all (``clear``)."""
        if repo is None:
            self.clear()
            return
        self.repo = repo
        self.refresh()

    def clear(self) -> None:
        """Forget everything shown (on lock)."""
        self.repo = None
        self._generation += 1
        self._pending_ids.clear()
        if self._running is not None:
            self._running.cancel()
            self._running = None
        self.model.set_caseload(None)
        self.status.clear()
        self.refresh_button.setEnabled(False)

    def refresh(self) -> None:
        """Compute the whole caseload in a worker; the view keeps what it shows meanwhile."""
        self._start(None)

    def participants_changed(self, participant_ids) -> None:
        """Some participants were edited, created or deleted: recompute only them (cheap).
        A new day, or nothing computed yet, recomputes everything."""
        ids = {pid for pid in participant_ids if pid}
        if not ids or self.repo is None:
            return
        if self._running is not None or self.caseload is None:
            self._pending_ids |= ids
            if self._running is None:
                self.refresh()
            return
        self._start(ids)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Back on the list on another day (the window stayed open overnight): all again."""
        super().showEvent(event)
        if self.caseload is not None and not self.busy and self.caseload.today != cl.today():
            self.refresh()

    def set_caseload(self, caseload: cl.Caseload | None) -> None:
        """Show ``caseload``, keeping the groups the user closed closed and the current row."""
        closed = {kind for row, kind in enumerate(self.model.kinds)
                  if not self.tree.isExpanded(self.model.index(row, 0))}
        current = self.model.item(self.tree.currentIndex())
        self.model.set_caseload(caseload)
        root = QModelIndex()
        for row, kind in enumerate(self.model.kinds):
            self.tree.setFirstColumnSpanned(row, root, True)  # the heading across the whole row
            self.tree.setExpanded(self.model.index(row, 0), kind not in closed)
        if current is not None:
            self.select(current.participant_id, current.kind)
        self._update_status()

    def _update_status(self) -> None:
        caseload = self.caseload
        if caseload is None:
            self.status.clear()
            return
        if not caseload.total:
            self.status.setText(_("Nothing to do just now."))
        else:
            n = len(caseload.participant_ids())
            self.status.setText(ngettext("{n} participant has something to do (as of {date}).",
                                         "{n} participants have something to do (as of {date}).", n).format(
                n=n, date=format_day(caseload.today)))

    def _start(self, ids: set[str] | None) -> None:
        if self.repo is None or not self.repo.vault.is_open:
            return
        from ..storage import caseload as store
        self._generation += 1
        generation = self._generation
        if self._running is not None:
            self._running.cancel()
        previous = self.caseload
        on = cl.today()
        try:
            reader = store.open_reader(self.repo.vault)  # keyed here: the key is not read in the worker
        except Exception as exc:  # noqa: BLE001 (a convenience view: say so, never break the list)
            self._failed(generation, exc)
            return
        if ids is None:
            self._pending_ids.clear()
            self.refresh_button.setEnabled(False)
            if previous is None:
                self.status.setText(_("Checking the participants…"))

        def work(_task):
            with store.reading_repository(reader) as repo:
                if ids is None or previous is None:
                    return cl.build(repo, on)
                return cl.update(previous, repo, ids, on)

        self._running = tasks.run_task(work, lambda result: self._done(generation, result),
                                       lambda exc: self._failed(generation, exc), name="caseload",
                                       busy_cursor=False, on_dropped=lambda _r: None)

    def _done(self, generation: int, caseload: cl.Caseload) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._running = None
        self.refresh_button.setEnabled(True)
        self.set_caseload(caseload)
        if self._pending_ids:
            ids, self._pending_ids = self._pending_ids, set()
            self._start(ids)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return
        self._running = None
        self.refresh_button.setEnabled(True)
        log.event("caseload.failed", error=type(exc).__name__)
        self.status.setText(_("The list of things to do could not be made ({error}). Press Refresh to try again.")
                            .format(error=type(exc).__name__))

    def show_group_change(self):
        """The caseload's progress in a period (``ui.group_change_dialog``); the dialog."""
        if self.repo is None or not self.repo.vault.is_open:
            return None
        from .group_change_dialog import GroupChangeDialog
        dialog = GroupChangeDialog(self.repo, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @property
    def busy(self) -> bool:
        return self._running is not None

    # ---- choosing a row -------------------------------------------------------------------

    def select(self, participant_id: str, kind: str | None = None) -> bool:
        for row, k in enumerate(self.model.kinds):
            if kind is not None and k != kind:
                continue
            group = self.model.index(row, 0)
            for r, i in enumerate(self.caseload.items(k)):
                if i.participant_id == participant_id:
                    self.tree.setCurrentIndex(self.model.index(r, 0, group))
                    return True
        return False

    def _clicked(self, index: QModelIndex) -> None:
        if self.model.item(index) is None:
            group = index.siblingAtColumn(0)
            self.tree.setExpanded(group, not self.tree.isExpanded(group))
            return
        self._activate(index)

    def _activate(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if item is None:
            group = index.siblingAtColumn(0)
            self.tree.setExpanded(group, not self.tree.isExpanded(group))
            return
        # A double click is a click and an activation: open once.
        last_pid, last_at = self._last_open
        now = time.monotonic()
        if last_pid == item.participant_id and now - last_at < 0.5:
            return
        self._last_open = (item.participant_id, now)
        self.open_requested.emit(item.participant_id, item.place)

    def focus(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.tree.currentIndex().isValid() and self.model.rowCount():
            first = self.model.index(0, 0)
            self.tree.setCurrentIndex(self.model.index(0, 0, first) if self.model.rowCount(first) else first)


# ---- opening a participant at the place ------------------------------------------------------

# place -> (participant page tab key, form field to focus or plans sub-tab attribute)
_FIELDS = {cl.PLACE_CONSENT: "consent.signed", cl.PLACE_REFERRAL: "referral.period_to"}
_SUB_TABS = {cl.PLACE_PLAN: "plan", cl.PLACE_FOLLOW_UP: "uppfoljningar"}


def show_place(page, place: str) -> None:
    """On an open participant page, go where ``place`` (``services.caseload.PLACE_*``) is."""
    if place in _FIELDS:
        page.set_current_tab(page.TAB_PARTICIPANT)
        f = page.form.fields.get(_FIELDS[place])
        if f is not None and f.row is not None:
            f.row.setFocus(Qt.FocusReason.OtherFocusReason)
            scroll = page.tab_widget(page.TAB_PARTICIPANT)
            if hasattr(scroll, "ensureWidgetVisible"):
                scroll.ensureWidgetVisible(f.row)
        return
    if place == cl.PLACE_KARTLAGGNING:
        if page.set_current_tab(page.TAB_KARTLAGGNING):
            page.focus_current_tab()
        return
    if place in _SUB_TABS and page.set_current_tab(page.TAB_PLANS):
        documents = page.tab_widget(page.TAB_PLANS)
        editor = getattr(documents, _SUB_TABS[place], None)
        if editor is not None:
            documents.tabs.setCurrentWidget(editor)
        page.focus_current_tab()
        return
    page.set_current_tab(page.TAB_PARTICIPANT)
