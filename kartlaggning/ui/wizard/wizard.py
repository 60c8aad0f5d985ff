"""The kartläggning wizard: one page per step, any step reachable at any time,
the samtal timer always visible, every edit autosaved.

Embedded by the main window in a participant's "Kartläggning" tab::

    wizard = KartlaggningWizard(vault.repo, participant_id, autosaver)
    ...
    wizard.flush()            # before lock / close / quit
    pos = wizard.position()   # JSON-able; restore_position(pos) after unlock
    wizard.shutdown()         # stops timers, closes the participant view
"""
from __future__ import annotations

import time as _time
from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedWidget,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ... import log
from ...i18n import _
from ...models.areas import AREA_KEYS, AREAS_BY_KEY, INDIVID, INDIVID_AREAS, OMGIVNING_AREAS
from ...models.kartlaggning import HINDER, RESURS
from .. import window_state
from ..autosave import FAILED
from .atgarder_page import AtgarderPage
from .common import TextField, WizardContext, scaled_font
from .entry_list import MOVE_DOWN_KEY, MOVE_UP_KEY, REMOVE_KEY, SAMTAL_KEY, EntryRow
from .grid_page import GridPage
from .motivation_page import MotivationPage
from .overview_page import OverviewPage
from .participant_view import ParticipantView
from .samtal_page import SamtalPage
from .summary_page import SummaryPage
from .timer import SamtalTimer, elapsed_since_start

PAGE_SAMTAL, PAGE_INDIVID, PAGE_OMGIVNING, PAGE_MOTIVATION, PAGE_ATGARDER, PAGE_SUMMARY, PAGE_OVERVIEW = range(7)
PAGE_COUNT = 7

# Keyboard (also listed in the tooltips and under the step list). None of them is a text-editing key,
# and the wizard's mnemonics avoid the main window's (File, View, Settings, Help, Back to the list,
# the Participant and Kartläggning tabs): Back, Next and Show to participant go by these keys instead.
NEXT_PAGE_KEYS = ("Ctrl+PgDown", "Alt+Right")
PREVIOUS_PAGE_KEYS = ("Ctrl+PgUp", "Alt+Left")
NEXT_AREA_KEY = "Ctrl+Shift+PgDown"
PREVIOUS_AREA_KEY = "Ctrl+Shift+PgUp"
ADD_HINDER_KEY = "Ctrl+Shift+H"
ADD_RESURS_KEY = "Ctrl+Shift+R"
PARTICIPANT_VIEW_KEY = "F11"

POSITION_SETTING = "wizard_pos:{id}"


def _native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.NativeText)


class KartlaggningWizard(QWidget):
    page_changed = Signal(int)

    def __init__(self, repo, participant_id: str, autosaver, clock: Callable[[], float] = _time.monotonic,
                 parent: QWidget | None = None, wall_clock: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self.setObjectName("kartlaggningWizard")
        self.repo = repo
        self.participant_id = participant_id
        self.autosaver = autosaver
        self.clock = clock
        self.wall_clock = wall_clock or datetime.now
        k = repo.latest_kartlaggning(participant_id)
        if k is None:
            k = repo.new_kartlaggning(participant_id)
            log.event("kartlaggning.created", kartlaggning=k.id)
        self.kartlaggning = k
        self.ctx = WizardContext(repo, k, autosaver, clock, self.wall_clock)
        self._drafts = 0  # fields holding text kept as a draft
        self._participant_view: ParticipantView | None = None
        self._last_field = ""
        self._pending_focus: dict | None = None
        self._shut_down = False
        self.titles = {
            # Translators: paper form page "Kartläggning – individfaktorer"
            "individ": _("Individual factors"),
            # Translators: paper form page "Kartläggning – omgivningsfaktorer"
            "omgivning": _("Environmental factors"),
        }
        self._build(window_state.ui_state().get("show_questions"))  # UI state, not a preference
        self.titles["motivation"] = self.motivation_page.title
        self._install_shortcuts()
        autosaver.state_changed.connect(self._show_save_state)
        self.ctx.drafts_changed.connect(self._show_drafts)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

        running = k.current_samtal
        if running is not None:  # left running (app closed or crashed): it continues
            self.timer.set_samtal(running, k.samtal_number(running.id),
                                  elapsed_since_start(running, self.wall_clock()))
        self.go_to(PAGE_SAMTAL, save_position=False)
        stored = repo.get_setting(POSITION_SETTING.format(id=k.id))
        if isinstance(stored, dict):
            self.restore_position(stored)
        self.ctx.restore_drafts([*self.findChildren(TextField), *self.findChildren(EntryRow)])

    # ---- construction ------------------------------------------------------------

    def _build(self, show_questions: bool) -> None:
        ctx = self.ctx
        self.timer = SamtalTimer(self.clock, self)
        self.participant_button = QPushButton(_("Show to participant"), self)
        self.participant_button.setObjectName("showParticipantView")
        self.participant_button.setToolTip(_("Large print, read only, for the participant ({shortcut}); "
                                             "Esc closes it").format(shortcut=_native(PARTICIPANT_VIEW_KEY)))
        self.participant_button.clicked.connect(self.show_participant_view)
        top = QHBoxLayout()
        top.addWidget(self.timer, 1)
        top.addWidget(self.participant_button)

        self.samtal_page = SamtalPage(ctx)
        self.individ_page = GridPage(ctx, self.titles["individ"], INDIVID_AREAS, show_questions)
        self.omgivning_page = GridPage(ctx, self.titles["omgivning"], OMGIVNING_AREAS, show_questions)
        self.motivation_page = MotivationPage(ctx)
        self.atgarder_page = AtgarderPage(ctx)
        self.summary_page = SummaryPage(ctx)
        self.overview_page = OverviewPage(ctx, (self.titles["individ"], self.titles["omgivning"]))
        self.pages = [self.samtal_page, self.individ_page, self.omgivning_page, self.motivation_page,
                      self.atgarder_page, self.summary_page, self.overview_page]
        self.stack = QStackedWidget(self)
        for page in self.pages:
            self.stack.addWidget(page)
        for grid in (self.individ_page, self.omgivning_page):
            grid.changed.connect(self._on_area_changed)
            grid.questions_toggled.connect(self._on_questions_toggled)
            for editor in grid.editors.values():
                editor.hinder.set_add_shortcut_text(ADD_HINDER_KEY)
                editor.resurser.set_add_shortcut_text(ADD_RESURS_KEY)
        self.samtal_page.samtal_started.connect(self._on_samtal_started)
        self.samtal_page.samtal_ended.connect(self._on_samtal_ended)
        self.samtal_page.samtal_edited.connect(self._on_samtal_edited)
        self.timer.start_requested.connect(lambda: self.go_to(PAGE_SAMTAL, focus=True))
        self.timer.end_requested.connect(self.end_samtal)
        self.overview_page.area_activated.connect(lambda key: self.go_to_area(key, focus=True))

        self.steps = QTreeWidget(self)
        self.steps.setObjectName("wizardSteps")
        self.steps.setHeaderHidden(True)
        self.steps.setAccessibleName(_("Steps of the kartläggning"))
        self.steps.setRootIsDecorated(False)
        # Taller rows: with the default height the ring of "Ö" in "Övrigt" is clipped (DejaVu).
        self.steps.setStyleSheet("QTreeView::item { padding-top: 2px; padding-bottom: 1px; }")
        self.steps.setIndentation(self.fontMetrics().averageCharWidth() * 2)
        self._step_items: list[QTreeWidgetItem] = []
        self._area_items: dict[str, QTreeWidgetItem] = {}
        for index, page in enumerate(self.pages):
            item = QTreeWidgetItem([f"{index + 1}. {page.title}" if index < PAGE_OVERVIEW else page.title])
            item.setData(0, Qt.UserRole, (index, None))
            if index == PAGE_ATGARDER:  # the full form title is long; the list shows a short one
                item.setText(0, "{}. {}".format(index + 1, _("Actions before the plan")))
                item.setToolTip(0, page.title)
            self.steps.addTopLevelItem(item)
            self._step_items.append(item)
            if isinstance(page, GridPage):
                for area in page.areas:
                    child = QTreeWidgetItem(item)
                    child.setData(0, Qt.UserRole, (index, area.key))
                    self._area_items[area.key] = child
        self.steps.expandAll()
        self.steps.setItemsExpandable(False)
        for key in AREA_KEYS:
            self._update_area_item(key)
        self.steps.currentItemChanged.connect(self._on_step_item)

        self.back_button = QPushButton(_("< Back"), self)
        self.back_button.setObjectName("wizardBack")
        self.back_button.setToolTip(_("Previous step ({shortcut})").format(shortcut=_native(PREVIOUS_PAGE_KEYS[0])))
        self.back_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton(_("Next >"), self)
        self.next_button.setObjectName("wizardNext")
        self.next_button.setToolTip(_("Next step ({shortcut})").format(shortcut=_native(NEXT_PAGE_KEYS[0])))
        self.next_button.clicked.connect(self.next_page)
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.save_state.setWordWrap(True)
        self.save_state.setAlignment(Qt.AlignCenter)
        self._show_save_state(self.autosaver.state, self.autosaver.message)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.save_state, 1)
        bottom.addWidget(self.next_button)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.stack, 1)
        right_layout.addLayout(bottom)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.steps, 1)
        self.keys_help = QLabel(self._keys_help_text(), left)
        self.keys_help.setObjectName("keysHelp")
        self.keys_help.setWordWrap(True)
        self.keys_help.setTextFormat(Qt.PlainText)
        self.keys_help.setFont(scaled_font(self.keys_help, 0.9))
        left_layout.addWidget(self.keys_help)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self._steps_width(), 4 * self._steps_width()])
        window_state.track_splitter(self.splitter, "wizard")  # the user's width, kept between starts
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def _steps_width(self) -> int:
        return self.steps.sizeHintForColumn(0) + 2 * self.steps.frameWidth() + self.fontMetrics().averageCharWidth() * 2

    @staticmethod
    def _keys_help_text() -> str:
        lines = (
            (f"{_native(NEXT_PAGE_KEYS[0])} / {_native(PREVIOUS_PAGE_KEYS[0])}", _("next / previous step")),
            (f"{_native(NEXT_AREA_KEY)} / {_native(PREVIOUS_AREA_KEY)}", _("next / previous area")),
            (_native(ADD_HINDER_KEY), _("add obstacle")),
            (_native(ADD_RESURS_KEY), _("add resource")),
            (f"{_native(MOVE_UP_KEY)} / {_native(MOVE_DOWN_KEY)}", _("move entry")),
            (_native(REMOVE_KEY), _("remove entry")),
            (_native(SAMTAL_KEY), _("choose the entry's session")),
            (_native(PARTICIPANT_VIEW_KEY), _("show to participant")),
        )
        return "\n".join(_("{keys}: {action}").format(keys=keys, action=action) for keys, action in lines)

    def _install_shortcuts(self) -> None:
        bindings = [(key, self.next_page) for key in NEXT_PAGE_KEYS]
        bindings += [(key, self.previous_page) for key in PREVIOUS_PAGE_KEYS]
        bindings += [(NEXT_AREA_KEY, lambda: self.step_area(1)), (PREVIOUS_AREA_KEY, lambda: self.step_area(-1)),
                     (ADD_HINDER_KEY, lambda: self.add_entry(HINDER)),
                     (ADD_RESURS_KEY, lambda: self.add_entry(RESURS)),
                     (PARTICIPANT_VIEW_KEY, self.show_participant_view)]
        self._shortcuts = []
        for key, action in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            self._shortcuts.append(shortcut)

    # ---- navigation ----------------------------------------------------------------

    @property
    def current_page(self) -> int:
        return self.stack.currentIndex()

    @property
    def current_area(self) -> str | None:
        page = self.stack.currentWidget()
        return page.current_area if isinstance(page, GridPage) else None

    def go_to(self, page: int, area: str | None = None, focus: bool = False, save_position: bool = True) -> None:
        """Show a step (and an area of a grid step). Leaving a page or area saves at once."""
        page = max(0, min(PAGE_COUNT - 1, int(page)))
        widget = self.pages[page]
        if isinstance(widget, GridPage) and area not in widget.editors:
            area = widget.current_area
        if (page, area) != (self.current_page, self.current_area):
            self.autosaver.flush()
        self.stack.setCurrentIndex(page)
        if isinstance(widget, GridPage):
            widget.show_area(area)
        if page == PAGE_OVERVIEW:
            self.overview_page.refresh()
        self._select_step_item(page, area)
        self.back_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < PAGE_COUNT - 1)
        self._fix_tab_order()
        if focus:
            widget.first_field().setFocus(Qt.OtherFocusReason)
        if save_position:
            self._store_position()
        self.page_changed.emit(page)

    def go_to_area(self, key: str, focus: bool = False) -> None:
        page = PAGE_INDIVID if AREAS_BY_KEY[key].group == INDIVID else PAGE_OMGIVNING
        self.go_to(page, key, focus=focus)

    def next_page(self) -> None:
        if self.current_page < PAGE_COUNT - 1:
            self.go_to(self.current_page + 1, focus=True)

    def previous_page(self) -> None:
        if self.current_page > 0:
            self.go_to(self.current_page - 1, focus=True)

    def step_area(self, delta: int) -> None:
        """Next/previous area across both grid pages."""
        current = self.current_area
        if current is None:
            target = AREA_KEYS[0] if delta > 0 else AREA_KEYS[-1]
        else:
            index = AREA_KEYS.index(current) + delta
            if not 0 <= index < len(AREA_KEYS):
                return
            target = AREA_KEYS[index]
        self.go_to_area(target, focus=True)

    def add_entry(self, kind: str) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, GridPage):
            page.current_editor.add_entry(kind)

    def _select_step_item(self, page: int, area: str | None) -> None:
        item = self._area_items.get(area) if area else self._step_items[page]
        self.steps.blockSignals(True)
        self.steps.setCurrentItem(item or self._step_items[page])
        self.steps.blockSignals(False)

    def _on_step_item(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        if item is not None:
            page, area = item.data(0, Qt.UserRole)
            self.go_to(page, area)

    def _fix_tab_order(self) -> None:
        page = self.stack.currentWidget()
        chain = [self.steps, self.timer.start_button, self.timer.end_button, self.participant_button,
                 *page.focus_chain(), self.back_button, self.next_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    # ---- areas ---------------------------------------------------------------------

    def _update_area_item(self, key: str) -> None:
        rec = self.kartlaggning.area(key)
        title = _(AREAS_BY_KEY[key].title)
        filled = not rec.is_empty
        item = self._area_items[key]
        mark = "\u25cf" if filled else "\u25cb"
        counts_now = f"{filled}:{len(rec.hinder)}:{len(rec.resurser)}"
        if item.data(0, Qt.UserRole + 1) == counts_now:
            return  # called on every keystroke
        item.setData(0, Qt.UserRole + 1, counts_now)
        item.setText(0, f"{mark} {title}")
        counts = _("Obstacles: {hinder} \u00b7 Resources: {resurser}").format(
            hinder=len(rec.hinder), resurser=len(rec.resurser))
        item.setToolTip(0, counts)
        state = _("has content") if filled else _("empty")
        item.setData(0, Qt.AccessibleTextRole, f"{title}, {state}, {counts}")

    def _on_area_changed(self, key: str) -> None:
        self._update_area_item(key)

    def _on_questions_toggled(self, show: bool) -> None:
        for grid in (self.individ_page, self.omgivning_page):
            grid.set_questions_visible(show)
        window_state.ui_state().set("show_questions", show)

    # ---- samtal ----------------------------------------------------------------------

    def start_samtal(self):
        """Start a samtal with what the samtal page's form says (None if it is wrong)."""
        self.go_to(PAGE_SAMTAL)
        return self.samtal_page.start_samtal()

    def end_samtal(self):
        return self.samtal_page.end_samtal()

    def _on_samtal_started(self) -> None:
        k = self.kartlaggning
        running = k.current_samtal
        self.timer.set_samtal(running, k.samtal_number(running.id), elapsed_since_start(running, self.wall_clock()))
        self._refresh_samtal_choices()
        self._fix_tab_order()

    def _on_samtal_ended(self) -> None:
        self.timer.set_samtal(None, None)
        self._refresh_samtal_choices()
        self._store_position()
        self._fix_tab_order()

    def _refresh_samtal_choices(self) -> None:
        for grid in (self.individ_page, self.omgivning_page):
            for editor in grid.editors.values():
                editor.refresh_samtal_choices()

    def _on_samtal_edited(self) -> None:
        running = self.kartlaggning.current_samtal
        if running is not None:
            self.timer.set_time_frame(running.tidsram_minuter)

    # ---- participant view --------------------------------------------------------------

    def show_participant_view(self) -> ParticipantView:
        self.autosaver.flush()
        if self._participant_view is None:
            name = self.repo.get_participant(self.participant_id).namn
            view = ParticipantView(name, self.kartlaggning, self.titles, self)
            view.closed.connect(self._on_participant_view_closed)
            self._participant_view = view
        self._participant_view.show_full()
        return self._participant_view

    def close_participant_view(self) -> None:
        if self._participant_view is not None:
            self._participant_view.close()

    def _on_participant_view_closed(self) -> None:
        self._participant_view = None
        self.window().activateWindow()
        self.participant_button.setFocus(Qt.OtherFocusReason)

    # ---- saving state --------------------------------------------------------------------

    def _show_save_state(self, state: str, message: str) -> None:
        from ..feedback import ERROR, WARNING, drafts_count, paint_attention
        if state == FAILED:
            self.save_state.setText(_("Not saved: {message}").format(message=message))
            paint_attention(self.save_state, ERROR)  # the status bar announces it
        elif self._drafts:
            self.save_state.setText(drafts_count(self._drafts))
            paint_attention(self.save_state, WARNING)
        else:  # "Sparat" / "Sparar…" is the window's status bar; here only what needs attention
            self.save_state.setText("")
            paint_attention(self.save_state, None)

    def _show_drafts(self, count: int) -> None:
        self._drafts = count
        self._show_save_state(self.ctx.autosaver.state, self.ctx.autosaver.message)

    def flush(self) -> bool:
        """Write every pending edit (and where we are) now. False if something could not be saved."""
        self._store_position()
        return self.autosaver.flush()

    def set_read_only(self, value: bool) -> None:
        """A closed participant (avslut), until reopened: every step refuses input and no
        samtal is started or ended; moving between steps, the overview, "Show to
        participant" and printing the sammanställning still work."""
        from .. import read_only
        self.read_only = value
        for page in self.pages:
            page.set_read_only(value)
        read_only.apply(self.timer, value)
        adding = {QKeySequence(ADD_HINDER_KEY), QKeySequence(ADD_RESURS_KEY)}
        for shortcut in self._shortcuts:
            if shortcut.key() in adding:
                shortcut.setEnabled(not value)

    # ---- position -----------------------------------------------------------------------

    def _on_focus_changed(self, _old, new) -> None:
        try:
            if new is not None and new.objectName() and self.isAncestorOf(new):
                self._last_field = new.objectName()
        except RuntimeError:  # this widget is gone
            pass

    def position(self) -> dict:
        """Page, area, focused field and cursor, as plain JSON values."""
        pos = {"page": self.current_page, "area": self.current_area, "field": None, "cursor": None}
        widget = self.findChild(QWidget, self._last_field) if self._last_field else None
        if widget is not None and widget.isVisibleTo(self):
            pos["field"] = self._last_field
            if hasattr(widget, "textCursor"):
                pos["cursor"] = widget.textCursor().position()
        return pos

    def restore_position(self, pos: dict) -> None:
        if not isinstance(pos, dict):
            return
        page = pos.get("page")
        if not isinstance(page, int) or not 0 <= page < PAGE_COUNT:
            return
        area = pos.get("area") if pos.get("area") in AREA_KEYS else None
        self.go_to(page, area, save_position=False)
        if isinstance(pos.get("field"), str):
            self._pending_focus = pos
            if self.isVisible():
                self._apply_pending_focus()

    def showEvent(self, event):
        super().showEvent(event)
        if self._pending_focus is not None:
            self._apply_pending_focus()

    def _apply_pending_focus(self) -> None:
        pos, self._pending_focus = self._pending_focus, None
        widget = self.findChild(QWidget, pos["field"])
        if widget is None or not widget.isVisibleTo(self):
            return
        widget.setFocus(Qt.OtherFocusReason)
        self._last_field = pos["field"]
        cursor_pos = pos.get("cursor")
        if isinstance(cursor_pos, int) and hasattr(widget, "textCursor"):
            cursor = widget.textCursor()
            cursor.setPosition(max(0, min(cursor_pos, len(widget.toPlainText()))))
            widget.setTextCursor(cursor)
            widget.ensureCursorVisible()

    def _store_position(self) -> None:
        self.autosaver.schedule(("wizard_pos", self.kartlaggning.id), self._write_position)

    def _write_position(self) -> None:
        self.repo.set_setting(POSITION_SETTING.format(id=self.kartlaggning.id), self.position())

    # ---- end -------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop timers, close the participant view, save. Does not end a running samtal."""
        if self._shut_down:
            return
        self._shut_down = True
        self.timer.stop()
        self.close_participant_view()
        for signal, slot in ((QApplication.instance().focusChanged, self._on_focus_changed),
                             (self.autosaver.state_changed, self._show_save_state)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.flush()
