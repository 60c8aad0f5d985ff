"""One side column of the grid: the Hinder or the Resurser of one area, a list
that grows and shrinks. Each entry is multi-line text and shows the samtal it
came from, which the handläggare can change (a click, or the shortcut from the text)."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QStyle,
                               QToolButton, QVBoxLayout, QWidget)

from ...i18n import _
from ...models.areas import Area
from ...models.kartlaggning import HINDER, GridEntry
from .common import ErrorLabel, GrowingEdit, WizardContext, draft_message, text_error
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
    """One hinder or resurs: its text, its samtal, move/remove buttons, its error line."""
    edited = Signal()
    samtal_picked = Signal()

    def __init__(self, entry: GridEntry, ctx: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setFrameShape(QFrame.StyledPanel)
        self.edit = GrowingEdit(self)
        self.edit.setObjectName(f"entry:{entry.id}")
        self.edit.setPlainText(entry.text)
        self.samtal_choice = SamtalChoice(ctx.samtal_choices(), entry.samtal_id, self)
        self.samtal_choice.setObjectName(f"entrySamtal:{entry.id}")  # unique: the wizard's position names it
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

    @property
    def samtal_label(self) -> SamtalChoice:
        """The samtal shown on the entry (``.text()`` is "Session 2"); it was a label before."""
        return self.samtal_choice

    def set_accessible_names(self, entry_name: str, entry_with_samtal: str) -> None:
        self.edit.setAccessibleName(entry_with_samtal)
        self.samtal_choice.setAccessibleName(_("{entry}: session").format(entry=entry_name))

    def _on_samtal_picked(self) -> None:
        self.entry.samtal_id = self.samtal_choice.samtal_id()
        self.samtal_picked.emit()

    def _back_to_text(self) -> None:
        """After the samtal list closes (chosen or Esc), typing goes on in the entry. Queued:
        Qt gives the focus back to the combo box only after the list has closed."""
        QTimer.singleShot(0, self, self._focus_text_if_on_choice)

    def _focus_text_if_on_choice(self) -> None:
        if self.window().focusWidget() in (None, self.samtal_choice):  # the window's, active or not yet again
            self.edit.setFocus(Qt.OtherFocusReason)

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
        if err is None:
            self.entry.text = self.edit.toPlainText()
        self.edited.emit()


class EntryList(QWidget):
    """The Hinder or Resurser column of one area, bound to the model's list."""
    changed = Signal()  # text or structure changed (filled marks, overview)
    structure_changed = Signal()  # rows added, removed or moved (tab order)

    def __init__(self, ctx: WizardContext, area: Area, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.area = area
        self.kind = kind
        self._texts = _texts(kind)
        record = ctx.k.area(area.key)
        self.entries: list[GridEntry] = record.hinder if kind == HINDER else record.resurser
        self.rows: list[EntryRow] = []
        self._removed: tuple[GridEntry, int, str] | None = None  # the entry, where, its text as typed
        self._gone_drafts: set[str] = set()  # drafts of removed entries, dropped at the next save

        self.header = QLabel(self._texts["header"], self)
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.container = QWidget()
        self.rows_layout = QVBoxLayout(self.container)
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

        for entry in self.entries:
            self._make_row(entry, len(self.rows))
        self._after_structure_change(save=False)

    def set_add_shortcut_text(self, key: str) -> None:
        text = QKeySequence(key).toString(QKeySequence.NativeText)
        self.add_button.setToolTip(_("{action} ({shortcut})").format(action=self._texts["add"], shortcut=text))
        self.empty_label.setText(self._texts["empty_key"].format(shortcut=text))

    # ---- structure -----------------------------------------------------------

    def _make_row(self, entry: GridEntry, index: int) -> EntryRow:
        row = EntryRow(entry, self.ctx, self.container)
        self.rows.insert(index, row)
        self.rows_layout.insertWidget(index, row)
        row.show()  # at once, not queued: a new entry is focused right away
        row.edited.connect(self._on_text_edited)
        row.samtal_picked.connect(lambda r=row: self._on_samtal_picked(r))
        row.edit.focused.connect(lambda r=row: self._ensure_visible(r))
        row.up_button.clicked.connect(lambda _=False, r=row: self.move_row(r, -1))
        row.down_button.clicked.connect(lambda _=False, r=row: self.move_row(r, 1))
        row.remove_button.clicked.connect(lambda _=False, r=row: self.remove_row(r))
        for key, action in ((MOVE_UP_KEY, lambda r=row: self.move_row(r, -1)),
                            (MOVE_DOWN_KEY, lambda r=row: self.move_row(r, 1)),
                            (REMOVE_KEY, lambda r=row: self.remove_row(r)),
                            (INSERT_AFTER_KEY, lambda r=row: self.add_entry(self.rows.index(r) + 1)),
                            (SAMTAL_KEY, row.samtal_choice.open)):
            shortcut = QShortcut(QKeySequence(key), row.edit)
            shortcut.setContext(Qt.WidgetShortcut)
            shortcut.activated.connect(action)
        return row

    def add_entry(self, index: int | None = None, focus: bool = True) -> EntryRow:
        """A new, empty entry, put down to ``ctx.samtal_for_new_entries()``, focused for typing."""
        index = len(self.rows) if index is None else index
        entry = GridEntry(samtal_id=self.ctx.samtal_for_new_entries())
        self.entries.insert(index, entry)
        row = self._make_row(entry, index)
        self._gone_drafts.discard(row.draft_path)  # back: its draft (if any) is kept again
        self._removed = None
        self._after_structure_change()
        if focus:
            self.focus_row(row)
        return row

    def remove_row(self, row: EntryRow) -> None:
        index = self.rows.index(row)
        had_focus = row.edit.hasFocus()
        self.rows.pop(index)
        self.entries.pop(index)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._removed = (row.entry, index, row.text())
        self._gone_drafts.add(row.draft_path)
        self._after_structure_change()
        if had_focus:
            if self.rows:
                self.focus_row(self.rows[min(index, len(self.rows) - 1)])
            else:
                self.add_button.setFocus(Qt.OtherFocusReason)

    def undo_removal(self) -> None:
        if self._removed is None:
            return
        entry, index, typed = self._removed
        index = min(index, len(self.rows))
        self.entries.insert(index, entry)
        row = self._make_row(entry, index)
        if typed != row.text():
            row.show_draft(typed)  # back as it was typed (a too-long text is its draft again)
        self._gone_drafts.discard(row.draft_path)
        self._removed = None
        self._after_structure_change()
        self.focus_row(row)

    def move_row(self, row: EntryRow, delta: int) -> None:
        index = self.rows.index(row)
        target = index + delta
        if not 0 <= target < len(self.rows):
            return
        had_focus = row.edit.hasFocus()
        self.rows.insert(target, self.rows.pop(index))
        self.entries.insert(target, self.entries.pop(index))
        self.rows_layout.removeWidget(row)
        self.rows_layout.insertWidget(target, row)
        self._after_structure_change()
        if had_focus:
            self.focus_row(row)

    def focus_row(self, row: EntryRow) -> None:
        row.edit.setFocus(Qt.OtherFocusReason)
        self._ensure_visible(row)

    def _ensure_visible(self, row: EntryRow) -> None:
        self.scroll.ensureWidgetVisible(row, 0, 4)

    def _after_structure_change(self, save: bool = True) -> None:
        for i, row in enumerate(self.rows):
            self._name_row(row, i)
            row.up_button.setEnabled(i > 0)
            row.down_button.setEnabled(i < len(self.rows) - 1)
        self.undo_button.setVisible(self._removed is not None)
        self.empty_label.setVisible(not self.rows)
        self.header.setBuddy(self.rows[0].edit if self.rows else self.add_button)
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

    def _on_samtal_picked(self, row: EntryRow) -> None:
        if row in self.rows:
            self._name_row(row, self.rows.index(row))
        self._schedule_save()
        self.changed.emit()

    def _schedule_save(self) -> None:
        self.ctx.schedule(("entries", self.area.key, self.kind), self._save)

    def _save(self) -> None:
        """The whole column (order, texts, removals); too-long texts keep their last valid value."""
        self.ctx.repo.save_entries(self.ctx.kid, self.area.key, self.kind, list(self.entries))
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
            row.samtal_choice.set_choices(choices, row.entry.samtal_id)
            self._name_row(row, i)
