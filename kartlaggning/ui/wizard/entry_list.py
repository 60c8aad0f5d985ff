"""One side column of the grid: the Hinder or the Resurser of one area, a list
that grows and shrinks. Each entry is multi-line text and shows the samtal it
came from, which the handläggare can change (a click, or the shortcut from the text).

``EntryList`` is a view of an ``EntriesModel`` (entries_model.py) over the area
record's own list: every structural change (add, remove, move, undo) goes through the
model, and the row widgets are made, removed and reordered only in answer to the
model's rowsInserted / rowsRemoved / rowsMoved / dataChanged. A row writes what is
typed through ``model.setData`` as it is typed; a text that cannot be saved (too long,
a NUL) leaves the entry at its last valid text and is kept as a draft
(``ctx.keep_drafts``). The row widgets in the layout are the only list of rows
(``EntryList.rows`` reads the layout); each row knows its place by a
``QPersistentModelIndex``, which Qt moves with the model.

Why row widgets and not a QListView with persistent editors: the entries are free
text of a few lines that grows as it is typed, with its samtal box and buttons under
it. In a QListView the row height comes from the delegate's sizeHint, which has to be
re-announced (``sizeHintChanged``) on every keystroke and is laid out later, so the
editor and its row disagree while typing; the editors are children of the viewport, so
Tab (which the view takes for itself), the mnemonic buddies, ``ensureWidgetVisible`` and
the accessible names all need working around; and a move would close and reopen the
editor, losing its undo history and cursor. Widgets in a QVBoxLayout inside a
QScrollArea keep all of that as it was and tested, and are still only a view: a move
moves the same widget (focus, cursor and undo history stay)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QStyle,
                               QToolButton, QVBoxLayout, QWidget)

from ...i18n import _
from ...models.areas import Area
from ...models.kartlaggning import HINDER, GridEntry
from .common import ErrorLabel, GrowingEdit, WizardContext, draft_message, text_error
from .entries_model import ENTRY_ID_ROLE, SAMTAL_ID_ROLE, TEXT_ROLES, EntriesModel
from .samtal_choice import SamtalChoice

MOVE_UP_KEY = "Alt+Up"
MOVE_DOWN_KEY = "Alt+Down"
REMOVE_KEY = "Ctrl+Shift+Delete"
INSERT_AFTER_KEY = "Ctrl+Return"
SAMTAL_KEY = "Ctrl+Shift+S"  # choose the samtal the entry came from


def _texts(kind: str) -> dict:
    if kind == HINDER:
        return {"header": _("&Obstacles"), "add": _("Add obstacle"),
                "entry": _("Obstacle {number}, {area}"), "list": _("Obstacles, {area}"),
                "entry_samtal": _("Obstacle {number}, {area}, {session}"),
                "empty": _("No obstacles yet."), "empty_key": _("No obstacles yet. {shortcut} adds one.")}
    return {"header": _("&Resources"), "add": _("Add resource"),
            "entry": _("Resource {number}, {area}"), "list": _("Resources, {area}"),
            "entry_samtal": _("Resource {number}, {area}, {session}"),
            "empty": _("No resources yet."), "empty_key": _("No resources yet. {shortcut} adds one.")}


class EntryRow(QFrame):
    """One hinder or resurs: its text, its samtal, move/remove buttons, its error line.

    A view of one row of ``model``: what is typed goes to ``model.setData`` when it can be
    saved; ``show_model_data`` puts the model's values back after a change from elsewhere."""
    edited = Signal()  # typed, and nothing for the model to take: a draft, or back to the entry's text

    def __init__(self, model: EntriesModel, row: int, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._ctx = ctx
        index = model.index(row)
        self._index = QPersistentModelIndex(index)  # follows the entry through inserts, removals, moves
        entry_id = index.data(ENTRY_ID_ROLE)
        self.setFrameShape(QFrame.StyledPanel)
        self.edit = GrowingEdit(self)
        self.edit.setObjectName(f"entry:{entry_id}")
        self.edit.setPlainText(index.data(Qt.EditRole))
        self.samtal_choice = SamtalChoice(ctx.samtal_choices(), index.data(SAMTAL_ID_ROLE), self)
        self.samtal_choice.setObjectName(f"entrySamtal:{entry_id}")  # unique: the wizard's position names it
        self.samtal_choice.setToolTip(_("The session this came from ({shortcut} in the text)").format(
            shortcut=QKeySequence(SAMTAL_KEY).toString(QKeySequence.NativeText)))
        self.samtal_choice.picked.connect(self._on_samtal_picked)
        self.samtal_choice.popup_closed.connect(self._back_to_text)
        self.error_label = ErrorLabel(self, field=self.edit)

        style = self.style()
        size = self.fontMetrics().height()
        self.up_button = self._tool(style.standardIcon(QStyle.SP_ArrowUp), _("Move up"), MOVE_UP_KEY, size)
        self.down_button = self._tool(style.standardIcon(QStyle.SP_ArrowDown), _("Move down"), MOVE_DOWN_KEY, size)
        self.remove_button = self._tool(style.standardIcon(QStyle.SP_TrashIcon), _("Remove"), REMOVE_KEY, size)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.samtal_choice)
        bottom.addStretch(1)
        bottom.addWidget(self.up_button)
        bottom.addWidget(self.down_button)
        bottom.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addLayout(bottom)
        layout.addWidget(self.error_label)
        self.edit.textChanged.connect(self._on_changed)

    def _tool(self, icon, name: str, key: str, size: int) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)
        button.setIconSize(QSize(size, size))
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.NoFocus)  # keyboard: the shortcut in the tooltip
        text = QKeySequence(key).toString(QKeySequence.NativeText)
        button.setToolTip(_("{action} ({shortcut})").format(action=name, shortcut=text))
        button.setAccessibleName(name)
        return button

    # ---- the model row -------------------------------------------------------------

    @property
    def row(self) -> int:
        """Where the entry is in the model now (-1 once it was removed)."""
        return self._index.row() if self._index.isValid() else -1

    @property
    def entry(self) -> GridEntry | None:
        """The entry this row shows (the object in the area record's list), None once removed."""
        return self.model.entry(self._index.row()) if self._index.isValid() else None

    def _model_index(self) -> QModelIndex:
        return self.model.index(self._index.row()) if self._index.isValid() else QModelIndex()

    def show_model_data(self, roles=()) -> None:
        """The model's values into the widgets (after a change made elsewhere; the row's
        own changes are there already). A text kept as a draft stays: it is what was typed."""
        index = self._model_index()
        if not index.isValid():
            return
        roles = {int(r) for r in roles}
        if not roles or roles & set(TEXT_ROLES):
            text = index.data(Qt.EditRole)
            if self.text() != text and self.error() is None:
                self.edit.setPlainText(text)
        if (not roles or SAMTAL_ID_ROLE in roles) and self.samtal_choice.samtal_id() != index.data(SAMTAL_ID_ROLE):
            self.samtal_choice.set_choices(self._ctx.samtal_choices(), index.data(SAMTAL_ID_ROLE))

    # ---- samtal ------------------------------------------------------------------------

    @property
    def samtal_label(self) -> SamtalChoice:
        """The samtal shown on the entry (``.text()`` is "Session 2"); it was a label before."""
        return self.samtal_choice

    def set_accessible_names(self, entry_name: str, entry_with_samtal: str) -> None:
        self.edit.setAccessibleName(entry_with_samtal)
        self.samtal_choice.setAccessibleName(_("{entry}: session").format(entry=entry_name))

    def _on_samtal_picked(self) -> None:
        index = self._model_index()
        if index.isValid():
            self.model.setData(index, self.samtal_choice.samtal_id(), SAMTAL_ID_ROLE)

    def _back_to_text(self) -> None:
        """After the samtal list closes (chosen or Esc), typing goes on in the entry. Queued:
        Qt gives the focus back to the combo box only after the list has closed."""
        QTimer.singleShot(0, self, self._focus_text_if_on_choice)

    def _focus_text_if_on_choice(self) -> None:
        if self.window().focusWidget() in (None, self.samtal_choice):  # the window's, active or not yet again
            self.edit.setFocus(Qt.OtherFocusReason)

    # ---- text, and its draft ---------------------------------------------------------

    def error(self):
        return text_error(self.edit.toPlainText(), self.edit.objectName())

    @property
    def draft_path(self) -> str:
        return self.edit.objectName()

    def text(self) -> str:
        return self.edit.toPlainText()

    def show_draft(self, text: str) -> None:
        self.edit.setPlainText(text)

    def _on_changed(self) -> None:
        err = self.error()
        self.error_label.show_error(draft_message(err))
        index = self._model_index()
        text = self.edit.toPlainText()
        if err is None and index.isValid() and text != index.data(Qt.EditRole):
            self.model.setData(index, text, Qt.EditRole)  # the model says dataChanged; the list saves
        else:
            self.edited.emit()  # a draft to keep (or one to drop: back to the entry's text)


class EntryList(QWidget):
    """The Hinder or Resurser column of one area: a view of an ``EntriesModel`` over the
    area record's list."""
    changed = Signal()  # text or structure changed (filled marks, overview)
    structure_changed = Signal()  # rows added, removed or moved (tab order)

    def __init__(self, ctx: WizardContext, area: Area, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.area = area
        self.kind = kind
        self._texts = _texts(kind)
        record = ctx.k.area(area.key)
        self.model = EntriesModel(record.hinder if kind == HINDER else record.resurser, self)
        self._removed: tuple[GridEntry, int, str] | None = None  # the entry, where, its text as typed
        self._gone_drafts: set[str] = set()  # drafts of removed entries, dropped at the next save
        self._refocus_after_removal = False

        self.header = QLabel(self._texts["header"], self)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.container = QWidget()
        self.rows_layout = QVBoxLayout(self.container)  # the rows first, in the model's order
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(4)
        self.empty_label = QLabel(self._texts["empty"], self.container)
        self.empty_label.setWordWrap(True)
        self.empty_label.setContentsMargins(6, 6, 6, 6)
        self.rows_layout.addWidget(self.empty_label)
        self.rows_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.NoFocus)
        self.scroll.setWidget(self.container)
        self.scroll.setAccessibleName(self._texts["list"].format(area=_(area.title)))
        self.scroll.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

        self.add_button = QPushButton(self._texts["add"], self)
        self.add_button.setObjectName(f"add:{kind}:{area.key}")
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.undo_button = QPushButton(_("Undo removal"), self)
        self.undo_button.setObjectName(f"undo:{kind}:{area.key}")
        self.undo_button.clicked.connect(self.undo_removal)
        self.undo_button.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)

        for i in range(self.model.rowCount()):
            self._make_row(i)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        self.model.rowsRemoved.connect(self._on_rows_removed)
        self.model.rowsMoved.connect(self._on_rows_moved)
        self.model.dataChanged.connect(self._on_data_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self._after_structure_change(save=False)

    @property
    def entries(self) -> list[GridEntry]:
        """The area record's list (the model's storage); change it through ``self.model``."""
        return self.model.entries

    @property
    def rows(self) -> list[EntryRow]:
        """The row widgets in the layout's order, which is the model's (read only)."""
        found = []
        for i in range(self.rows_layout.count()):
            widget = self.rows_layout.itemAt(i).widget()
            if isinstance(widget, EntryRow):
                found.append(widget)
        return found

    def set_add_shortcut_text(self, key: str) -> None:
        text = QKeySequence(key).toString(QKeySequence.NativeText)
        self.add_button.setToolTip(_("{action} ({shortcut})").format(action=self._texts["add"], shortcut=text))
        self.empty_label.setText(self._texts["empty_key"].format(shortcut=text))

    # ---- what the user does: through the model ------------------------------------

    def add_entry(self, index: int | None = None, focus: bool = True) -> EntryRow:
        """A new, empty entry, put down to ``ctx.samtal_for_new_entries()``, focused for typing."""
        index = self.model.rowCount() if index is None else index
        at = self.model.insert_entry(index, GridEntry(samtal_id=self.ctx.samtal_for_new_entries()))
        row = self.rows[at]
        if focus:
            self.focus_row(row)
        return row

    def remove_row(self, row: EntryRow) -> None:
        if row.row >= 0:
            self.model.remove_entry(row.row)

    def undo_removal(self) -> None:
        if self._removed is None:
            return
        entry, index, typed = self._removed
        at = self.model.insert_entry(min(index, self.model.rowCount()), entry)
        row = self.rows[at]
        if typed != row.text():
            row.show_draft(typed)  # back as it was typed (a too-long text is its draft again)
        self.focus_row(row)

    def move_row(self, row: EntryRow, delta: int) -> None:
        if row.row >= 0:
            self.model.move_entry(row.row, row.row + delta)  # nothing happens past either end

    def focus_row(self, row: EntryRow) -> None:
        row.edit.setFocus(Qt.OtherFocusReason)
        self._ensure_visible(row)

    def _ensure_visible(self, row: EntryRow) -> None:
        self.scroll.ensureWidgetVisible(row, 0, 4)

    # ---- the model changed: the row widgets follow ---------------------------------

    def _make_row(self, index: int) -> EntryRow:
        row = EntryRow(self.model, index, self.ctx, self.container)
        self.rows_layout.insertWidget(index, row)  # the rows come first in the layout, in the model's order
        row.show()  # at once, not queued: a new entry is focused right away
        row.edited.connect(self._on_text_edited)
        row.edit.focused.connect(lambda r=row: self._ensure_visible(r))
        row.up_button.clicked.connect(lambda _=False, r=row: self.move_row(r, -1))
        row.down_button.clicked.connect(lambda _=False, r=row: self.move_row(r, 1))
        row.remove_button.clicked.connect(lambda _=False, r=row: self.remove_row(r))
        for key, action in ((MOVE_UP_KEY, lambda r=row: self.move_row(r, -1)),
                            (MOVE_DOWN_KEY, lambda r=row: self.move_row(r, 1)),
                            (REMOVE_KEY, lambda r=row: self.remove_row(r)),
                            (INSERT_AFTER_KEY, lambda r=row: self.add_entry(r.row + 1)),
                            (SAMTAL_KEY, row.samtal_choice.open)):
            shortcut = QShortcut(QKeySequence(key), row.edit)
            shortcut.setContext(Qt.WidgetShortcut)
            shortcut.activated.connect(action)
        return row

    def _drop_row_widget(self, row: EntryRow) -> None:
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def _on_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        for i in range(first, last + 1):
            row = self._make_row(i)
            self._gone_drafts.discard(row.draft_path)  # back: its draft (if any) is kept again
        self._removed = None
        self._after_structure_change()

    def _on_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        """Still there: what an undo needs (the text as typed, perhaps a draft) and the focus."""
        going = self.rows[first:last + 1]
        self._refocus_after_removal = any(r.edit.hasFocus() for r in going)
        for row in going:
            self._gone_drafts.add(row.draft_path)
        self._removed = (self.model.entry(first), first, going[0].text()) if first == last else None

    def _on_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        for row in self.rows[first:last + 1]:
            self._drop_row_widget(row)
        self._after_structure_change()
        if self._refocus_after_removal:
            self._refocus_after_removal = False
            rows = self.rows
            if rows:
                self.focus_row(rows[min(first, len(rows) - 1)])
            else:
                self.add_button.setFocus(Qt.OtherFocusReason)

    def _on_rows_moved(self, _parent: QModelIndex, start: int, end: int, _destination: QModelIndex,
                       before: int) -> None:
        moving = self.rows[start:end + 1]
        focused = next((r for r in moving if r.edit.hasFocus()), None)
        for row in moving:
            self.rows_layout.removeWidget(row)
        at = before if before < start else before - len(moving)
        for i, row in enumerate(moving):
            self.rows_layout.insertWidget(at + i, row)  # the same widget: its cursor and undo history stay
        self._after_structure_change()
        if focused is not None:
            self.focus_row(focused)

    def _on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        rows = self.rows
        samtal = not roles or SAMTAL_ID_ROLE in {int(r) for r in roles}
        for i in range(top_left.row(), bottom_right.row() + 1):
            rows[i].show_model_data(roles)
            if samtal:  # the accessible name says the samtal (not the text: no renaming per keystroke)
                self._name_row(rows[i], i)
        self._schedule_save()
        self.changed.emit()

    def _on_model_reset(self) -> None:
        for row in self.rows:
            self._drop_row_widget(row)
        for i in range(self.model.rowCount()):
            self._make_row(i)
        self._removed = None
        self._after_structure_change()

    def _after_structure_change(self, save: bool = True) -> None:
        rows = self.rows
        for i, row in enumerate(rows):
            self._name_row(row, i)
            row.up_button.setEnabled(i > 0)
            row.down_button.setEnabled(i < len(rows) - 1)
        self.undo_button.setVisible(self._removed is not None)
        self.empty_label.setVisible(not rows)
        self.header.setBuddy(rows[0].edit if rows else self.add_button)
        if save:
            self._schedule_save()
            self.changed.emit()
        self.structure_changed.emit()

    def _name_row(self, row: EntryRow, index: int) -> None:
        """The entry's accessible name says its number, area and samtal."""
        area_title = _(self.area.title)
        row.set_accessible_names(
            self._texts["entry"].format(number=index + 1, area=area_title),
            self._texts["entry_samtal"].format(number=index + 1, area=area_title, session=row.samtal_choice.text()))

    # ---- saving ----------------------------------------------------------------

    def _on_text_edited(self) -> None:
        self._schedule_save()
        self.changed.emit()

    def _schedule_save(self) -> None:
        self.ctx.schedule(("entries", self.area.key, self.kind), self._save)

    def _save(self) -> None:
        """The whole column (order, texts, removals); too-long texts keep their last valid value."""
        self.ctx.repo.save_entries(self.ctx.kid, self.area.key, self.kind, list(self.model.entries))
        self.ctx.keep_drafts(*self.rows, gone=self._gone_drafts)
        self._gone_drafts = set()

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [row.edit for row in self.rows]
        chain.append(self.add_button)
        chain.append(self.undo_button)
        return chain

    def refresh_samtal_choices(self) -> None:
        """After a samtal was started or ended: every entry lists the samtal held now."""
        choices = self.ctx.samtal_choices()
        for i, row in enumerate(self.rows):
            row.samtal_choice.set_choices(choices, self.model.entry(i).samtal_id)
            self._name_row(row, i)

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut): the entries refuse input, their samtal and the
        add, move, remove and undo buttons and keys are off (``ui.read_only``)."""
        from .. import read_only
        read_only.apply(self, value)
