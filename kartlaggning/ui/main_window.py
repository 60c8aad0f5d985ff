"""The main window: unlock page, participant list and participant page in one
stack; the menus; lock on idle or Ctrl+L and return to the same place after unlock.

The window title never names a participant. Storage is not imported here. Where the
user was (participant, tab, wizard step) is kept in the vault at close, quit and lock and
restored after unlock (window_state.save_place / load_place).
"""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any, Callable

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from .. import log
from ..config import AppConfig
from ..i18n import _, ngettext
from . import tasks, translation, window_state
from .clipboard_guard import ClipboardGuard
from .idle import IdleWatcher
from .preferences import Preferences
from .session import Session
from .unlock import UnlockPage
from .widgets import SavedIndicator, scaled_font

if TYPE_CHECKING:  # loaded after unlock: start-up only needs the unlock page
    from .autosave import Autosaver
    from .participants import ParticipantListPage

WINDOW_TITLE = "Kartläggning"  # never a participant's name

# (repo, participant_id, autosaver, clock, parent) -> a widget with flush/position/restore_position/shutdown
WizardFactory = Callable[..., QWidget]

# Ctrl+Tab / Ctrl+Shift+Tab move between the participant's tabs from anywhere on the page,
# also from inside a text editor (Shift+Tab arrives as Backtab on most platforms).
NEXT_TAB_KEYS = ("Ctrl+Tab",)
PREVIOUS_TAB_KEYS = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab")


# ---- the kartläggning wizard ---------------------------------------------------------------

def default_wizard_factory(repo, participant_id: str, autosaver: Autosaver, clock, parent: QWidget) -> QWidget:
    from .wizard import KartlaggningWizard  # loaded when the Kartläggning tab is first shown
    return KartlaggningWizard(repo, participant_id, autosaver, clock=clock, parent=parent)


def _call(widget: QWidget, method: str, *args, default: Any = None) -> Any:
    """Call an optional method of a tab widget (flush, position, restore_position, shutdown)."""
    fn = getattr(widget, method, None)
    return fn(*args) if callable(fn) else default


def without_mnemonic(title: str) -> str:
    """'De&ltagare' -> 'Deltagare'; a literal '&&' stays."""
    return re.sub(r"&(.)", lambda m: "&&" if m.group(1) == "&" else m.group(1), title)


_INPUTS = (QtWidgets.QLineEdit, QtWidgets.QAbstractSpinBox, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit,
           QtWidgets.QComboBox)


def _takes_focus(widget: QWidget | None) -> bool:
    return (widget is not None and widget.isVisible() and widget.isEnabled()
            and bool(widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus))


def first_input(widget: QWidget) -> QWidget | None:
    """The first useful input of a tab: its ``first_field()``, else that of its current
    step (the wizard's stack), else the first text, number or choice input in tab order,
    else the first widget that takes focus."""
    stack = getattr(widget, "stack", None)
    for owner in (widget, stack.currentWidget() if isinstance(stack, QStackedWidget) else None):
        field = _call(owner, "first_field") if owner is not None else None
        if isinstance(field, QWidget) and field.isEnabled():
            return field
    fallback = None
    w = widget.nextInFocusChain()
    for _step in range(10_000):  # the chain is a ring; the bound only guards against a broken one
        if w is None or w is widget:
            break
        if (widget.isAncestorOf(w) and w.isVisibleTo(widget) and w.isEnabled()
                and w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus and not isinstance(w, QtWidgets.QTabBar)):
            if isinstance(w, _INPUTS):
                return w
            fallback = fallback or w
        w = w.nextInFocusChain()
    return fallback


# ---- one participant -----------------------------------------------------------------------

class ParticipantPage(QWidget):
    """Header (name, personnummer, back) and tabs: Participant, Kartläggning and Plans
    (the last two once the participant is saved)."""
    back_requested = Signal()
    participant_created = Signal(str)
    open_existing_requested = Signal(str)  # another participant's id (its personnummer was typed here)

    TAB_PARTICIPANT = "participant"
    TAB_KARTLAGGNING = "kartlaggning"
    TAB_PLANS = "plans"

    def __init__(self, repo, autosaver: Autosaver, participant=None,
                 wizard_factory: WizardFactory = default_wizard_factory, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.autosaver = autosaver
        self.clock = clock
        self._wizard_factory = wizard_factory
        self._tab_keys: list[str] = []
        self._tab_titles: list[str] = []  # with their mnemonics
        self._pending_wizard_pos: dict | None = None
        self._pending_tab_pos: dict[str, dict] = {}
        self.wizard: QWidget | None = None

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.name_label = QLabel()
        self.name_label.setFont(scaled_font(self, 1.4, bold=True))
        self.name_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.pnr_label = QLabel()
        self.pnr_label.setFont(scaled_font(self, 1.15))
        self.pnr_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        header.addWidget(self.name_label)
        header.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        header.addWidget(self.pnr_label)
        header.addStretch(1)
        self.back_button = QPushButton(_("&Back to the list"))
        self.back_button.clicked.connect(self.back_requested)
        header.addWidget(self.back_button)
        layout.addLayout(header)
        self._build_closed_banner(layout)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        from .participant_form import ParticipantForm
        self.form = ParticipantForm(repo, autosaver, participant)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        # The tabs' Alt+letters: L Deltagare, K Kartläggning, P Planer (English M, K, P). The tab
        # shown drops its own, so only the other tabs' letters must be free on it; the tests
        # check every tab and wizard step (the Kompetenskort form's Alt+K is still a clash).
        self._add_tab(scroll, _("Participant for&m"), self.TAB_PARTICIPANT)

        self.wizard_container = QWidget()
        QVBoxLayout(self.wizard_container).setContentsMargins(0, 0, 0, 0)
        self._add_tab(self.wizard_container, "&Kartläggning", self.TAB_KARTLAGGNING)

        self.form.created.connect(self._created)
        self.form.identity_changed.connect(self._set_header)
        self.form.open_existing_requested.connect(self.open_existing_requested)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._install_tab_keys()
        if participant is None:
            self._set_header("", "")
            self.tabs.setTabEnabled(self._index(self.TAB_KARTLAGGNING), False)
            self.tabs.setTabToolTip(self._index(self.TAB_KARTLAGGNING),
                                    _("Available once the participant has a name and a valid personnummer."))
        else:
            self._set_header(participant.namn, participant.personnummer_formatted)
            self._add_factory_tabs()
            self.refresh_closed()  # after avslut the whole record is read only until reopened

    # ---- public API --------------------------------------------------------------------

    @property
    def participant_id(self) -> str | None:
        """None while a new participant is not saved yet."""
        return None if self.form.is_new else self.form.participant_id

    def add_participant_tab(self, widget: QWidget, title: str, key: str | None = None) -> int:
        """Add a tab after the built-in ones; returns its index. If the widget has
        ``flush() -> bool``, ``position() -> dict``, ``restore_position(dict)`` or
        ``shutdown()`` they are called on lock, close and unlock like the wizard's."""
        return self._add_tab(widget, title, key or f"tab{len(self._tab_keys)}")

    def tab_widget(self, key: str) -> QWidget | None:
        return self.tabs.widget(self._index(key)) if key in self._tab_keys else None

    def current_tab_key(self) -> str:
        return self._tab_keys[self.tabs.currentIndex()]

    def set_current_tab(self, key: str) -> bool:
        if key not in self._tab_keys or not self.tabs.isTabEnabled(self._index(key)):
            return False
        self.tabs.setCurrentIndex(self._index(key))
        return True

    def step_tab(self, delta: int) -> None:
        """The next (1) or previous (-1) enabled tab, round the end (Ctrl+Tab, Ctrl+Shift+Tab).
        Focus returns to where it last was on that tab, or goes to the tab's first input."""
        count = self.tabs.count()
        index = self.tabs.currentIndex()
        for _step in range(count - 1):
            index = (index + delta) % count
            if self.tabs.isTabEnabled(index):
                last = self.tabs.widget(index).focusWidget()  # where the focus was on that tab
                self.tabs.setCurrentIndex(index)
                if _takes_focus(last):
                    last.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
                else:
                    self.focus_current_tab()
                return

    def focus_current_tab(self) -> None:
        """Put the focus on the current tab's first input (after opening the participant),
        unless something on that tab holds it already. A wizard built just now is shown
        on the next turn of the event loop (and may put the focus back where it was
        itself), so the focus is then set after that."""
        target = self._first_input()
        if target is not None and target.isVisible():
            target.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        else:
            QtCore.QTimer.singleShot(0, self, self._focus_unless_inside)

    def _focus_unless_inside(self) -> None:
        if not self.isVisible():
            return
        focus = QApplication.focusWidget()
        if _takes_focus(focus) and self.tabs.currentWidget().isAncestorOf(focus):
            return
        target = self._first_input()
        if target is not None and target.isVisible():
            target.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def _first_input(self) -> QWidget | None:
        key = self.current_tab_key()
        if key == self.TAB_PARTICIPANT:
            return self.form.first_input()
        widget = self.wizard if key == self.TAB_KARTLAGGNING else self.tabs.currentWidget()
        return first_input(widget) if widget is not None else None

    def flush(self) -> bool:
        """Save everything queued now. True when all of it was saved."""
        ok = True
        for w in self._extra_tab_widgets():
            ok = _call(w, "flush", default=True) is not False and ok
        if self.wizard is not None:
            ok = self.wizard.flush() is not False and ok
        ok = self.autosaver.flush() and ok
        return self.form.finish_editing() and ok

    def unsaved_reason(self) -> str:
        return self.form.unsaved_reason() or self.autosaver.message

    def position(self) -> dict:
        """Where the user is: tab, the wizard's position, positions of added tabs."""
        tabs = dict(self._pending_tab_pos)
        for key, w in zip(self._tab_keys, self._tab_widgets()):
            if key not in (self.TAB_PARTICIPANT, self.TAB_KARTLAGGNING):
                pos = _call(w, "position")
                if pos is not None:
                    tabs[key] = pos
        wizard = self.wizard.position() if self.wizard is not None else self._pending_wizard_pos
        return {"participant_id": self.participant_id, "tab": self.current_tab_key(), "wizard": wizard,
                "tabs": tabs}

    def restore_position(self, pos: dict) -> None:
        self._pending_wizard_pos = pos.get("wizard") or None
        self._pending_tab_pos = dict(pos.get("tabs") or {})
        for key, tab_pos in list(self._pending_tab_pos.items()):
            w = self.tab_widget(key)
            if w is not None:
                _call(w, "restore_position", tab_pos)
                del self._pending_tab_pos[key]
        if not self.set_current_tab(pos.get("tab", self.TAB_PARTICIPANT)):
            self.set_current_tab(self.TAB_PARTICIPANT)
        if self.wizard is not None and self._pending_wizard_pos:
            self.wizard.restore_position(self._pending_wizard_pos)
            self._pending_wizard_pos = None

    def shutdown(self) -> None:
        """Stop timers in the tabs (nothing is saved here; flush first)."""
        for w in self._extra_tab_widgets():
            _call(w, "shutdown")
        if self.wizard is not None:
            self.wizard.shutdown()

    # ---- internals ------------------------------------------------------------------------

    def _add_tab(self, widget: QWidget, title: str, key: str) -> int:
        if key in self._tab_keys:
            raise ValueError(f"tab key {key!r} already used")
        index = self.tabs.addTab(widget, title)
        self._tab_keys.append(key)
        self._tab_titles.append(title)
        self._show_mnemonics()
        return index

    def _show_mnemonics(self) -> None:
        """Every tab but the current one shows its mnemonic: Alt+letter goes to another
        tab, and on the tab shown the same letter is free for its own fields."""
        current = self.tabs.currentIndex()
        for index, title in enumerate(self._tab_titles):
            text = without_mnemonic(title) if index == current else title
            if self.tabs.tabText(index) != text:
                self.tabs.setTabText(index, text)

    def _install_tab_keys(self) -> None:
        for keys, delta in ((NEXT_TAB_KEYS, 1), (PREVIOUS_TAB_KEYS, -1)):
            shortcut = QtGui.QShortcut(self)
            shortcut.setKeys([QtGui.QKeySequence(k) for k in keys])
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.step_tab(d))

    def _index(self, key: str) -> int:
        return self._tab_keys.index(key)

    def _tab_widgets(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _extra_tab_widgets(self) -> list[QWidget]:
        return [w for key, w in zip(self._tab_keys, self._tab_widgets())
                if key not in (self.TAB_PARTICIPANT, self.TAB_KARTLAGGNING)]

    def _add_factory_tabs(self) -> None:
        tab = _documents_tab(self)
        self.add_participant_tab(tab, _("&Plans"), self.TAB_PLANS)
        closed = getattr(tab, "closed_changed", None)
        if closed is not None:
            closed.connect(self.refresh_closed)  # "Avsluta deltagaren" on its Avslut tab

    def _set_header(self, namn: str, pnr: str) -> None:
        self.name_label.setText(namn or _("New participant"))
        self.pnr_label.setText(pnr)

    def _created(self, participant_id: str) -> None:
        self.tabs.setTabEnabled(self._index(self.TAB_KARTLAGGNING), True)
        self.tabs.setTabToolTip(self._index(self.TAB_KARTLAGGNING), "")
        self._add_factory_tabs()
        self.participant_created.emit(participant_id)

    def _tab_changed(self, index: int) -> None:
        if getattr(self, "form", None) is not None:
            self.flush()  # what was typed on the tab left is saved before the next one shows
        self._show_mnemonics()
        if 0 <= index < len(self._tab_keys) and self._tab_keys[index] == self.TAB_KARTLAGGNING:
            self.ensure_wizard()

    def ensure_wizard(self) -> QWidget | None:
        """The wizard is built when its tab is first shown (it may create a kartläggning)."""
        if self.wizard is None and self.participant_id is not None:
            if self.read_only and self.repo.latest_kartlaggning(self.participant_id) is None:
                self._show_no_kartlaggning()  # a closed record gets no new kartläggning
                return None
            self.wizard = self._wizard_factory(self.repo, self.participant_id, self.autosaver, self.clock,
                                               self.wizard_container)
            self.wizard_container.layout().addWidget(self.wizard)
            if self._pending_wizard_pos:
                self.wizard.restore_position(self._pending_wizard_pos)
                self._pending_wizard_pos = None
            if self.read_only:
                _call(self.wizard, "set_read_only", True)
        return self.wizard

    # ---- after avslut: read only until reopened -------------------------------------------

    def _build_closed_banner(self, layout: QVBoxLayout) -> None:
        self.read_only = False
        self.closed_banner = QtWidgets.QFrame()
        self.closed_banner.setObjectName("closedBanner")
        self.closed_banner.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.closed_banner)
        self.closed_label = QLabel()
        self.closed_label.setObjectName("closedText")
        self.closed_label.setWordWrap(True)
        self.closed_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.closed_label.setFont(scaled_font(self, 1.05, bold=True))
        self.reopen_button = QPushButton(_("Reopen"))
        self.reopen_button.setObjectName("reopenParticipant")
        self.reopen_button.setToolTip(_("Make the participant's record editable again (the avslut is kept)"))
        self.reopen_button.clicked.connect(self.reopen)
        row.addWidget(self.closed_label, 1)
        row.addWidget(self.reopen_button)
        self.closed_banner.hide()
        layout.addWidget(self.closed_banner)
        self._no_kartlaggning: QLabel | None = None

    def refresh_closed(self) -> None:
        """Apply the record's state from the vault: closed (avslut, not reopened) makes the
        form, the wizard and every document read only, with the banner; else editable."""
        from ..services import method
        avslut = method.open_avslut(self.repo, self.participant_id) if self.participant_id else None
        if (avslut is not None) != self.read_only:
            self.set_read_only(avslut is not None)
        if avslut is not None:
            from ..models.method import UTFALL_LABELS
            from .feedback import WARNING, paint_attention
            from .participants import format_day
            outcome = _(UTFALL_LABELS[avslut.utfall]) if avslut.utfall is not None else _("no outcome given")
            self.closed_label.setText(_("Closed on {date} ({outcome}). Reopen to make changes.").format(
                date=format_day(avslut.datum), outcome=outcome))
            paint_attention(self.closed_label, WARNING)
            self.closed_banner.setAccessibleName(self.closed_label.text())

    def set_read_only(self, value: bool) -> None:
        """The one place a participant's record is made read only or editable again:
        the form, the wizard (every step) and every document tab follow."""
        self.read_only = value
        self.form.set_read_only(value)
        if self.wizard is not None:
            _call(self.wizard, "set_read_only", value)
        for w in self._extra_tab_widgets():
            _call(w, "set_read_only", value)
        self.closed_banner.setVisible(value)
        if not value and self._no_kartlaggning is not None:
            self._no_kartlaggning.deleteLater()
            self._no_kartlaggning = None
            if self.current_tab_key() == self.TAB_KARTLAGGNING:
                self.ensure_wizard()

    def _show_no_kartlaggning(self) -> None:
        if self._no_kartlaggning is None:
            self._no_kartlaggning = QLabel(_("There is no kartläggning for this participant, and a closed "
                                             "record gets no new one. Reopen to begin one."))
            self._no_kartlaggning.setWordWrap(True)
            self._no_kartlaggning.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
            self.wizard_container.layout().addWidget(self._no_kartlaggning)

    def reopen(self) -> bool:
        """"Öppna igen": asks (naming the participant), reopens (audited), everything editable again."""
        if not self.read_only or self.participant_id is None:
            return False
        from ..services import method
        name = self.repo.get_participant(self.participant_id).namn
        answer = QtWidgets.QMessageBox.question(
            self, _("Reopen the participant?"),
            _("Make {name}'s record editable again? The avslut stays in the record and can still be "
              "printed; the reopening is noted in the audit log.").format(name=name),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel)
        if answer != QtWidgets.QMessageBox.StandardButton.Yes:
            return False
        method.reopen(self.repo, self.participant_id)
        self.refresh_closed()
        from .feedback import announce
        announce(self, _("The participant's record can be edited again."))
        self.focus_current_tab()
        return True


# ---- the window ----------------------------------------------------------------------------

def _documents_tab(page) -> QWidget:
    """The Plans tab (Individuell plan, Utvecklingsplaner, Kompetenskort, printing)."""
    from .plans.documents_tab import DocumentsTab
    return DocumentsTab(page.repo, page.participant_id, page.autosaver)


class LockWaitPage(QWidget):
    """Shown instead of the list or the participant while a lock (or quit) waits for a
    backup or a print hand-off to end: nothing personal, and it takes the focus."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockWaitPage")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.title = QLabel(self)
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.detail):
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            layout.addWidget(label)
        layout.addStretch(2)

    def set_text(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.setAccessibleName(title)
        self.setAccessibleDescription(detail)


class MainWindow(QMainWindow):
    participant_page_opened = Signal(object)  # the ParticipantPage

    def __init__(self, session: Session, config: AppConfig | None = None,
                 clock: Callable[[], float] = time.monotonic, wizard_factory: WizardFactory | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.config = config or AppConfig.load()
        self.preferences = Preferences.install(self.config, self)  # the one owner of the preferences
        self.preferences.changed.connect(self._preference_changed)
        self.clock = clock
        self.wizard_factory = wizard_factory or default_wizard_factory
        self.participant_page: ParticipantPage | None = None
        self.recovery_dialog = None
        self.set_aside_notice: QtWidgets.QMessageBox | None = None
        self.screen_lock = None  # a ScreenLockWatcher from the first unlock on
        self._resume: dict | None = None
        self.autosaver: Autosaver | None = None
        self._started = False
        # While a lock or quit waits for a task (tasks.defer_if_held): the cover, what it
        # covers, and the bound after which a backup is given up (tasks.LOCK_WAIT_S).
        self.lock_wait: LockWaitPage | None = None
        self._covered: QWidget | None = None
        self._closing_after_wait = False
        self._lock_wait_timer = QtCore.QTimer(self)
        self._lock_wait_timer.setSingleShot(True)
        self._lock_wait_timer.timeout.connect(self._lock_wait_over)
        self.setWindowTitle(WINDOW_TITLE)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.indicator = SavedIndicator()
        self.statusBar().addPermanentWidget(self.indicator)
        self.list_page: ParticipantListPage | None = None
        self.idle = IdleWatcher(self.config.idle_lock_minutes, clock, self)
        self.clipboard_guard = ClipboardGuard(self)  # what we copied is cleared at lock and quit
        self.idle.idle.connect(self._idle_lock)
        self.session.unlocked.connect(self._on_unlocked)
        self.session.damaged.connect(self._on_damaged)
        self._build_ui()
        self.unlock_page.show_initial()  # start() then takes the lock (and may say "already open")
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 150, fm.lineSpacing() * 42)

    # ---- building (again on a language change) ---------------------------------------------

    def _build_ui(self) -> None:
        """The unlock page and the menus; the list page is built on first unlock."""
        for old in (getattr(self, "unlock_page", None), self.list_page):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.list_page = None
        self.unlock_page = UnlockPage(self.session)
        self.unlock_page.created.connect(self.show_recovery_key)
        self.stack.insertWidget(0, self.unlock_page)
        self._build_menus()
        self.indicator.bind(self.autosaver if self.session.is_unlocked else None)

    def _ensure_list_page(self) -> ParticipantListPage:
        if self.list_page is None:
            from .participants import ParticipantListPage
            self.list_page = ParticipantListPage()
            self.list_page.open_requested.connect(self.open_participant)
            self.list_page.new_requested.connect(self.new_participant)
            self.list_page.extract_requested.connect(self.register_extract)
            self.list_page.delete_requested.connect(self.delete_participant)
            from .caseload import CaseloadView  # "Att göra", beside the list (see ui/caseload.py why)
            self.caseload_view = CaseloadView()
            self.caseload_view.open_requested.connect(self.open_participant_at)
            self.list_page.add_side_panel(self.caseload_view)
            self.stack.insertWidget(1, self.list_page)
        return self.list_page

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        self._shortcuts: list[tuple[QAction, Any]] = []

        def action(menu, text, slot, shortcut=None, needs_unlock=False) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                self._shortcuts.append((act, shortcut))
            act.triggered.connect(lambda _checked=False: slot())
            act.setData("unlocked" if needs_unlock else None)
            menu.addAction(act)
            return act

        file_menu = bar.addMenu(_("&File"))
        self.new_action = action(file_menu, _("&New participant"), self.new_participant, "Ctrl+N", True)
        # The record's lifecycle (ui/lifecycle_actions.py): of the participant shown or selected.
        self.extract_action = action(file_menu, _("&Register extract…"), self.register_extract, None, True)
        self.delete_action = action(file_menu, _("&Delete participant…"), self.delete_participant, None, True)
        file_menu.addSeparator()
        self.backup_action = action(file_menu, _("&Back up the vault…"), self.backup, None, True)
        file_menu.addSeparator()
        self.lock_action = action(file_menu, _("&Lock"), self.lock, "Ctrl+L", True)
        file_menu.addSeparator()
        self.quit_action = action(file_menu, _("&Quit"), self.close, "Ctrl+Q")

        view_menu = bar.addMenu(_("&View"))
        self.list_action = action(view_menu, _("Participant &list"), self.show_list, "Alt+Home", True)
        self.find_action = action(view_menu, _("&Find participant"), self.focus_search, "Ctrl+F", True)
        self.todo_action = action(view_menu, _("&To do"), self.focus_caseload, None, True)

        settings_menu = bar.addMenu(_("&Settings"))
        self.settings_action = action(settings_menu, _("&Preferences…"), self.edit_settings)
        self.unit_action = action(settings_menu, _("&Unit, letterhead and agreement text…"),
                                  self.edit_unit_settings, None, True)
        self.gallring_action = action(settings_menu, _("&Gallring…"), self.gallring, None, True)
        self.rotate_action = action(settings_menu, _("Change the &encryption key…"), self.change_keys, None, True)

        help_menu = bar.addMenu(_("&Help"))
        self.guide_action = action(help_menu, _("&User guide"), self.show_guide, "F1")
        self.about_action = action(help_menu, _("&About Kartläggning"), self.about)
        self._update_actions()
        if self._started:
            self._install_shortcuts()

    def _install_shortcuts(self) -> None:
        """Key sequences are set after the window is shown: building a QKeySequence
        loads all of Qt's namespace enums, which costs start-up time."""
        for act, shortcut in self._shortcuts:
            act.setShortcut(QtGui.QKeySequence(shortcut))

    def _update_actions(self) -> None:
        waiting = getattr(self, "lock_wait", None) is not None  # nothing may uncover the window then
        unlocked = self.session.is_unlocked and not waiting
        for act in self.findChildren(QAction):
            if act.data() == "unlocked":
                act.setEnabled(unlocked)
        if getattr(self, "settings_action", None) is not None:
            self.settings_action.setEnabled(not waiting)  # a language change would rebuild the pages

    def _new_autosaver(self) -> None:
        """A fresh queue per unlock (after a lock nothing queued may refer to destroyed widgets)."""
        from .autosave import Autosaver
        self._drop_autosaver()
        self.autosaver = Autosaver(parent=self)
        self.indicator.bind(self.autosaver)

    def _drop_autosaver(self) -> None:
        old, self.autosaver = self.autosaver, None
        self.indicator.bind(None)
        if old is not None:
            old.deleteLater()

    # ---- start ------------------------------------------------------------------------------

    def start(self) -> None:
        """Take the vault lock and show create / unlock / already-open. Called right
        after the window is shown, so start-up does not wait for the storage import."""
        self._started = True
        self._install_shortcuts()
        self.unlock_page.show_mode()
        self.stack.setCurrentWidget(self.unlock_page)
        self._update_actions()

    # ---- unlocked ------------------------------------------------------------------------------

    def _watch_screen_lock(self) -> None:
        """The computer locked (Win+L, the screensaver): lock the vault too. Started at the
        first unlock (nothing to protect before), once."""
        if self.screen_lock is not None:
            return
        from .screen_lock import ScreenLockWatcher
        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.locked.connect(self._screen_locked)
        self.screen_lock.start(int(self.winId()))

    def _screen_locked(self) -> None:
        self.lock(_("Locked because the computer was locked."))

    def _on_unlocked(self) -> None:
        self._watch_screen_lock()
        self._new_autosaver()
        self._ensure_list_page()
        self.list_page.set_repo(self.session.repo)
        self.list_page.refresh()
        self.idle.set_minutes(self.config.idle_lock_minutes)
        self.idle.arm()
        self.stack.setCurrentWidget(self.list_page)
        self._update_actions()
        resume, self._resume = self._resume, None  # after a lock: in memory, with unsaved drafts
        if resume is None:
            resume = self._stored_place()  # after a start: from the vault
        if resume:
            self._restore(resume)
        else:
            self.list_page.focus_search()
        self._warn_if_changes_set_aside()

    def _warn_if_changes_set_aside(self) -> None:
        """A damaged change log (-wal) was set aside at an earlier unlock: say so at every
        unlock until IT has moved it away (storage.wal)."""
        from ..storage.wal import set_aside_notice
        notice = set_aside_notice(self.session.vault_path)
        if not notice:
            return
        log.event("vault.wal_set_aside_shown")
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, _("Saved changes are missing"),
                                    notice, QtWidgets.QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        box.open()
        self.set_aside_notice = box

    def _restore(self, resume: dict, audit: bool = True) -> None:
        position, draft = resume.get("position") or {}, resume.get("draft") or {}
        pid = resume.get("participant_id")
        if pid:
            from ..storage import VaultDamaged
            try:
                self.open_participant(pid, position=position, draft=draft, audit=audit)
            except KeyError:  # deleted meanwhile
                self.show_list()
                self.list_page.focus_search()
            except VaultDamaged:  # the open-time checks failed: the session locks and says so
                log.event("place.restore_refused")
        else:
            self.new_participant(draft=draft, position=position)

    def _stored_place(self) -> dict | None:
        try:
            return window_state.load_place(self.session.repo)
        except Exception as exc:  # noqa: BLE001 (a place is a convenience: the list is always right)
            log.event("place.load_failed", error=type(exc).__name__)
            return None

    def _remember_place(self, place: dict | None) -> None:
        """Keep where the user is in the vault (close, quit, lock); None on the list."""
        try:
            window_state.save_place(self.session.repo, place)
        except Exception as exc:  # noqa: BLE001 (never keeps the window from closing or locking)
            log.event("place.save_failed", error=type(exc).__name__)

    def show_recovery_key(self, key: str) -> None:
        from .recovery import RecoveryKeyDialog
        dialog = RecoveryKeyDialog(key, self)
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _r: self.list_page.focus_search())
        self.recovery_dialog = dialog
        dialog.open()

    # ---- participants ----------------------------------------------------------------------------

    def open_participant(self, participant_id: str, position: dict | None = None,
                         draft: dict | None = None, audit: bool = True) -> ParticipantPage | None:
        if not self.session.is_unlocked or not self._leave_participant_page():
            return None
        participant = self.session.repo.get_participant(participant_id, audit=audit)
        page = self._show_page(participant)
        if draft:
            page.form.apply_draft(draft)
        if position:
            page.restore_position(position)
        page.focus_current_tab()  # not "Back to the list": the first field of the tab shown
        return page

    def open_existing_participant(self, participant_id: str) -> ParticipantPage | None:
        """The form's "Open the existing participant" (the personnummer typed belongs to
        another participant). A new participant that was never saved cannot be kept:
        if more than that personnummer was typed, ask before discarding it."""
        page = self.participant_page
        if page is not None and page.form.is_new:
            if page.form.has_input(ignore=("personnummer",)) and not self._confirm_discard_new():
                return None
            if not self._leave_participant_page(confirmed=True):
                return None
        return self.open_participant(participant_id)

    def _confirm_discard_new(self) -> bool:
        answer = QtWidgets.QMessageBox.question(
            self, _("Open the existing participant?"),
            _("The new participant has not been saved: another participant already has this personnummer.\n\n"
              "Open the existing participant and discard what was typed for the new one?"),
            QtWidgets.QMessageBox.StandardButton.Discard | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel)
        return answer == QtWidgets.QMessageBox.StandardButton.Discard

    def new_participant(self, draft: dict | None = None, position: dict | None = None) -> ParticipantPage | None:
        if not self.session.is_unlocked or not self._leave_participant_page():
            return None
        page = self._show_page(None)
        if draft:
            page.form.apply_draft(draft)
        if position:
            page.restore_position(position)
        page.form.first_input().setFocus()
        return page

    def _show_page(self, participant) -> ParticipantPage:
        page = ParticipantPage(self.session.repo, self.autosaver, participant, self.wizard_factory, self.clock)
        page.back_requested.connect(self.show_list)
        page.participant_created.connect(lambda _pid: self.list_page.refresh())
        page.open_existing_requested.connect(self.open_existing_participant)
        self.participant_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.participant_page_opened.emit(page)
        return page

    def show_list(self) -> None:
        if not self.session.is_unlocked:
            return
        had_page = self.participant_page is not None
        if not self._leave_participant_page():
            return
        if not had_page:
            self.list_page.refresh()
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()

    def focus_search(self) -> None:
        if self.participant_page is not None:
            self.show_list()
        if self.participant_page is None and self.session.is_unlocked:
            self.list_page.focus_search()

    def _leave_participant_page(self, confirmed: bool = False) -> bool:
        """Save and close the open participant page; asks before dropping unsaved input
        (unless the caller has asked already: ``confirmed``)."""
        page = self.participant_page
        if page is None:
            return True
        if not page.flush() and not confirmed:
            if not self.confirm_discard(page.unsaved_reason()):
                return False
            if not self.session.is_unlocked:  # locked while the question was open
                return False
        pid = page.participant_id
        self._destroy_page()
        if self.autosaver is not None and self.autosaver.has_pending:
            self._new_autosaver()  # what was queued belongs to the page just dropped
        if pid:
            self.list_page.refresh()
            self.list_page.select_id(pid)
            self.list_page.participants_changed([pid])  # "Att göra" recomputes this one participant
        return True

    # ---- the record's lifecycle and the caseload (ui/lifecycle_actions.py, ui/caseload.py) ----------

    def delete_participant(self, participant_id: str | None = None) -> bool:
        from . import lifecycle_actions
        return lifecycle_actions.delete_participant(self, participant_id)

    def register_extract(self, participant_id: str | None = None):
        from . import lifecycle_actions
        return lifecycle_actions.register_extract(self, participant_id)

    def gallring(self):
        from . import lifecycle_actions
        return lifecycle_actions.gallring(self)

    def participants_deleted(self, participant_ids: list[str]) -> None:
        """They are gone from the vault: no page of theirs stays open (what was queued for
        it is dropped, not saved), the list and "Att göra" forget them."""
        page = self.participant_page
        if page is not None and page.participant_id in participant_ids:
            self._destroy_page()
            self._new_autosaver()
        if self.list_page is not None and self.session.is_unlocked:
            self.list_page.refresh()
            self.list_page.participants_changed(participant_ids)
            if self.participant_page is None:
                self.stack.setCurrentWidget(self.list_page)
                self.list_page.table.setFocus()

    def open_participant_at(self, participant_id: str, place: str) -> ParticipantPage | None:
        """Open a participant where something is to be done ("Att göra": the consent, the
        referral, the kartläggning, the plan, the follow-ups)."""
        from .caseload import show_place
        try:
            page = self.open_participant(participant_id)
        except KeyError:  # deleted meanwhile
            self.list_page.participants_changed([participant_id])
            return None
        if page is not None:
            show_place(page, place)
        return page

    def focus_caseload(self) -> None:
        """View → Att göra: the list page with the focus in the caseload panel."""
        if self.participant_page is not None:
            self.show_list()
        if self.participant_page is None and self.session.is_unlocked:
            self.caseload_view.focus()

    def _destroy_page(self) -> None:
        page, self.participant_page = self.participant_page, None
        if page is None:
            return
        page.shutdown()
        self.stack.removeWidget(page)
        page.hide()
        page.setParent(None)
        page.deleteLater()

    def confirm_discard(self, reason: str = "") -> bool:
        message = reason or (self.autosaver.message if self.autosaver else "") or _("Some entries have errors.")
        answer = QtWidgets.QMessageBox.question(
            self, _("Not everything is saved"),
            _("Some of what was typed could not be saved: {reason}\n\nLeave it anyway? "
              "The entries with errors will be lost.").format(reason=message),
            QtWidgets.QMessageBox.StandardButton.Discard | QtWidgets.QMessageBox.StandardButton.Cancel,
            QtWidgets.QMessageBox.StandardButton.Cancel)
        return answer == QtWidgets.QMessageBox.StandardButton.Discard

    # ---- lock ----------------------------------------------------------------------------------

    def _idle_lock(self) -> None:
        if self.recovery_dialog is not None and self.recovery_dialog.isVisible():
            self.idle.arm()  # the key is on screen until confirmed; lock after that
            return
        n = self.idle.minutes
        self.lock(ngettext("Locked after {n} minute without activity.",
                           "Locked after {n} minutes without activity.", n).format(n=n))

    def _on_damaged(self, message: str) -> None:
        """The background integrity check failed after unlock: hide everything, lock, say why."""
        self.lock(message)

    def change_keys(self) -> None:
        from .key_rotation import change_keys
        change_keys(self)

    def edit_unit_settings(self) -> None:
        if not self.session.is_unlocked:
            return
        from .plans.unit_settings import edit_unit_settings
        edit_unit_settings(self.session.repo, self)

    def lock(self, notice: str = "") -> None:
        """Save, remember where the user was, hide every participant detail, close
        the vault connection and ask for the passphrase."""
        if not self.session.is_unlocked:
            return
        if tasks.defer_if_held(lambda: self.lock(notice)):
            # a print job is being handed to the printer, a backup runs: lock right after,
            # with everything personal hidden now and a backup given up after LOCK_WAIT_S
            self._wait_for_tasks(closing=False)
            return
        self._close_dialogs()
        tasks.cancel_all()  # nothing a running task returns reaches a closed vault
        resume = None
        try:  # saving is best effort here: the lock itself must never fail
            resume = self._leave_for_rebuild()
            if resume is None and self.autosaver is not None:
                self.autosaver.flush()
        except Exception as exc:  # noqa: BLE001
            log.event("lock.save_failed", error=type(exc).__name__)
        self._remember_place(resume)
        self._destroy_page()
        if self.list_page is not None:
            self.list_page.clear()
        self.stack.setCurrentWidget(self.unlock_page)
        self._end_lock_wait()
        self._drop_autosaver()
        self.session.lock()
        self.clipboard_guard.clear()
        self._resume = resume
        self.idle.disarm()
        self.unlock_page.show_unlock(notice or _("The vault is locked."))
        self._update_actions()

    def _leave_for_rebuild(self) -> dict | None:
        """Flush the participant page and say where the user was (for lock and
        language change); the page is destroyed by the caller."""
        page = self.participant_page
        if page is None:
            return None
        page.flush()
        return {"participant_id": page.participant_id, "position": page.position(),
                "draft": page.form.unsaved_draft()}

    # ---- a lock that waits for a task ----------------------------------------------------------

    def _wait_for_tasks(self, closing: bool) -> None:
        """Cover the window at once while a lock (or quit) waits for a task: close the
        dialogs, hide the windows of the pages (the participant view), show only
        "Låser när säkerhetskopian är klar…". After tasks.LOCK_WAIT_S a backup still
        running is given up (_lock_wait_over) and the lock goes ahead."""
        self._closing_after_wait = self._closing_after_wait or closing
        if self.lock_wait is None:
            self._covered = self.stack.currentWidget()
            self._close_dialogs()
            self._hide_page_windows()
            self.lock_wait = LockWaitPage(self.stack)
            self.stack.addWidget(self.lock_wait)
            self.stack.setCurrentWidget(self.lock_wait)
            self.lock_wait.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            self._lock_wait_timer.start(max(0, int(tasks.LOCK_WAIT_S * 1000)))
            self._update_actions()
            log.event("lock.waiting", closing=closing)
        backup = any(t.name == "backup" for t in tasks.abandonable())
        if self._closing_after_wait:
            title = (_("Closing as soon as the backup is done…") if backup
                     else _("Closing as soon as the printout has been handed over…"))
        else:
            title = (_("Locking as soon as the backup is done…") if backup
                     else _("Locking as soon as the printout has been handed over…"))
        n = max(1, round(tasks.LOCK_WAIT_S))
        detail = (ngettext("Everything about the participants is hidden meanwhile. A backup that is not done "
                           "within {n} second is stopped.",
                           "Everything about the participants is hidden meanwhile. A backup that is not done "
                           "within {n} seconds is stopped.", n).format(n=n) if backup
                  else _("Everything about the participants is hidden meanwhile."))
        self.lock_wait.set_text(title, detail)
        from .feedback import announce
        announce(self.lock_wait, title)

    def _lock_wait_over(self) -> None:
        """The bound: give up the backups still running; the deferred lock (or quit) runs
        on the next turn of the event loop. A print hand-off still holding it keeps the
        cover until it is done (lp has a timeout of its own)."""
        if self.lock_wait is None or not self.session.is_unlocked:
            return
        given_up = tasks.abandon_holds()
        log.event("lock.wait_over", abandoned=len(given_up), still_held=tasks.lock_held())

    def _end_lock_wait(self, restore: bool = False) -> None:
        """Take the cover away: after the lock, or (``restore``) when a quit that waited
        was cancelled after all (the page it covered comes back)."""
        self._lock_wait_timer.stop()
        self._closing_after_wait = False
        page, self.lock_wait = self.lock_wait, None
        covered, self._covered = self._covered, None
        if page is None:
            return
        if restore and covered is not None and self.stack.indexOf(covered) >= 0:
            self.stack.setCurrentWidget(covered)
        self.stack.removeWidget(page)
        page.deleteLater()
        self._update_actions()

    def _hide_page_windows(self) -> None:
        """Hide the separate windows that belong to a page (e.g. "Visa för deltagaren")."""
        for w in QApplication.topLevelWidgets():
            parent = w.parentWidget()
            while parent is not None and parent is not self.stack:
                parent = parent.parentWidget()
            if parent is self.stack and w.isVisible():
                w.hide()

    def _close_dialogs(self) -> None:
        for w in QApplication.topLevelWidgets():
            if (isinstance(w, QtWidgets.QDialog) and w.isVisible() and w is not self.recovery_dialog
                    and not w.property("keepOnLock")):  # e.g. "Backup made": a path, no personal data
                w.reject()

    # ---- menu actions -----------------------------------------------------------------------------

    def backup(self) -> None:
        """File → Back up: the copy and its check run off the UI thread."""
        from . import backup_action as backups
        if not self.session.is_unlocked:
            return
        target = backups.ask_target(self)
        if target is None or not self.session.is_unlocked:
            return
        self.autosaver.flush()
        if self.participant_page is not None:
            self.participant_page.flush()
        backups.start_backup(self, self.session.vault, target)

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog
        dialog = SettingsDialog(self.config, self)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        self.preferences.set(**dialog.choices())  # saved once; each change heard in _preference_changed

    def _preference_changed(self, name: str) -> None:
        if name == "idle_lock_minutes":
            self.idle.set_minutes(self.config.idle_lock_minutes)
        elif name == "language":
            self.set_language(self.config.language)

    def set_language(self, language: str) -> None:
        """Switch the UI language at once: rebuild the pages, return to the same place."""
        resume = self._leave_for_rebuild()
        self._destroy_page()
        on_unlock_page = self.stack.currentWidget() is self.unlock_page
        translation.install(language)
        self._build_ui()
        if self.session.is_unlocked:
            self._ensure_list_page()
            self.list_page.set_repo(self.session.repo)
            self.list_page.refresh()
            self.stack.setCurrentWidget(self.list_page)
            if resume:
                self._restore(resume, audit=False)
        else:
            if resume:
                self._resume = resume
            self.unlock_page.show_mode()
            if on_unlock_page:
                self.stack.setCurrentWidget(self.unlock_page)

    def about(self) -> None:
        """Name, version, licence, Qt/PySide6 versions and the shipped licence texts."""
        from .about_dialog import AboutDialog
        self._show_tool_window("about_dialog", AboutDialog)

    def show_guide(self) -> None:
        """The user guide (F1), beside the window; it holds nothing from the vault."""
        from .help_window import HelpWindow
        self._show_tool_window("help_window", HelpWindow)

    def _show_tool_window(self, attribute: str, cls) -> QtWidgets.QDialog:
        """Show a non-modal dialog, reusing the open one (closed ones are rebuilt: the
        language may have changed); _close_dialogs closes it at lock."""
        dialog = getattr(self, attribute, None)
        if dialog is None or not dialog.isVisible():
            if dialog is not None:
                dialog.deleteLater()
            dialog = cls(self)
            setattr(self, attribute, dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # ---- quit ----------------------------------------------------------------------------------------

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if tasks.defer_if_held(self.close):
            event.ignore()  # a print or a backup is being finished: close right after
            if self.session.is_unlocked:
                self._wait_for_tasks(closing=True)  # covered meanwhile, a backup given up after the bound
            return
        if self.session.is_unlocked:
            page = self.participant_page
            ok = page.flush() if page is not None else self.autosaver.flush()
            if not ok and not self.confirm_discard(page.unsaved_reason() if page is not None else ""):
                self._end_lock_wait(restore=True)  # the quit that waited is cancelled: back to the page
                event.ignore()
                return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Save what can be saved, keep in the vault where the user was, close the vault,
        release the lock. Safe to call twice (closeEvent, then QApplication.aboutToQuit)."""
        self._lock_wait_timer.stop()
        tasks.wait_all(30.0)  # a backup being written finishes (logout does not wait for the lock)
        tasks.cancel_all()  # an unlock still deriving its key closes its vault when it returns
        if self.session.is_unlocked:
            place = self._leave_for_rebuild()  # flushes the page
            if place is None and self.autosaver is not None:
                self.autosaver.flush()
            self._remember_place(place)
        self._destroy_page()
        self.clipboard_guard.clear()
        self.idle.stop()
        if self.screen_lock is not None:
            self.screen_lock.stop()
        if self.session.has_lock or self.session.vault is not None:
            self.session.quit()
            log.event("app.closed")
