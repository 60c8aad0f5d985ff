"""Moving about the participant page by keyboard, and coming back to it: the tabs'
Alt+letters, Ctrl+Tab from inside the wizard's text editors, the focus after opening a
participant, the place kept in the vault over a restart, and a personnummer that another
participant already has.

The real window, wizard and Plans tab, driven by typing and clicking.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMessageBox, QTabBar, QWidget

from kartlaggning import i18n
from kartlaggning.i18n import _
from kartlaggning.config import AppConfig
from kartlaggning.models import Participant
from kartlaggning.ui import window_state
from kartlaggning.ui.autosave import FAILED
from kartlaggning.ui.main_window import MainWindow, ParticipantPage, first_input, without_mnemonic
from kartlaggning.ui.session import Session
from kartlaggning.ui.wizard.wizard import PAGE_COUNT, PAGE_INDIVID, PAGE_MOTIVATION, PAGE_SUMMARY

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import click, click_step, click_tab, type_into, type_text, unlock

CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)
LEFT = Qt.MouseButton.LeftButton
DISCARD, CANCEL = QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel
PARTICIPANT, KARTLAGGNING, PLANS = ParticipantPage.TAB_PARTICIPANT, ParticipantPage.TAB_KARTLAGGNING, "plans"

ADA, BO, CILLA = "Ada Provsson", "Bo Exempelsson", "Cilla Testdotter"
PEOPLE = {ADA: make_pnr(11, 1971), BO: make_pnr(12, 1983), CILLA: make_pnr(13, 1990)}  # test numbers


def formatted(pnr: str) -> str:
    return f"{pnr[:8]}-{pnr[8:]}"


@pytest.fixture
def people(vault_path) -> dict[str, str]:
    """A vault with three made-up participants; name -> id."""
    from kartlaggning.storage import Vault
    vault, _key = Vault.create(vault_path, PASSPHRASE)
    ids = {}
    for namn, pnr in PEOPLE.items():
        p = Participant(namn=namn, personnummer=pnr)
        vault.repo.save_participant(p)
        ids[namn] = p.id
    vault.close()
    return ids


class Windows:
    """Starts the program's window on the test vault, as often as a test wants; every
    question box is recorded and answered with ``answer``."""

    def __init__(self, qtbot, vault_path: Path):
        self.qtbot, self.vault_path = qtbot, vault_path
        self.opened: list[MainWindow] = []
        self.asked: list[tuple[str, str]] = []
        self.answer = CANCEL

    def question(self, _parent, title, text, *_args, **_kwargs):
        self.asked.append((title, text))
        return self.answer

    def start(self) -> MainWindow:
        w = MainWindow(Session(self.vault_path), AppConfig())
        w.resize(1300, 860)
        w.show()
        w.activateWindow()
        self.qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # shortcuts need an active window
        w.start()
        self.opened.append(w)
        return w

    def start_unlocked(self) -> MainWindow:
        w = self.start()
        unlock(self.qtbot, w)
        return w


@pytest.fixture
def windows(qtbot, vault_path, people, monkeypatch):
    ws = Windows(qtbot, vault_path)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(ws.question))
    yield ws
    ws.answer = DISCARD
    for w in ws.opened:
        if w.isVisible():
            w.close()
        w.session.quit()
        w.deleteLater()


def press(key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where a person's goes: to the widget with the focus."""
    QTest.keyClick(QApplication.focusWidget(), key, modifiers)


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def open_from_list(qtbot, w: MainWindow, namn: str) -> ParticipantPage:
    """Double-click the participant's row in the list."""
    table, model = w.list_page.table, w.list_page.model
    row = next(r for r in range(model.rowCount()) if model.summary(r).namn == namn)
    qtbot.waitUntil(table.isVisible)
    cell = table.visualRect(model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), LEFT, pos=cell)  # QTest's double click needs the press before it
    qtbot.mouseDClick(table.viewport(), LEFT, pos=cell)
    page = w.participant_page
    assert page is not None and page.name_label.text() == namn
    return page


def open_wizard(qtbot, page: ParticipantPage, step: int | None = None):
    click_tab(qtbot, page, KARTLAGGNING)
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible)
    if step is not None:
        click_step(qtbot, wizard, step)
    return wizard


# ---- 1. the tabs' Alt+letters -------------------------------------------------------------

def mnemonic(text: str) -> str | None:
    m = re.search(r"&(.)", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def tab_letters(page: ParticipantPage) -> dict[str, str | None]:
    return {key: mnemonic(page.tabs.tabText(i)) for i, key in enumerate(page._tab_keys)}


def visible_mnemonics(w: MainWindow, page: ParticipantPage) -> dict[str, list[str]]:
    """letter -> the texts that have it, of everything on screen but the participant page's tab bar."""
    found: dict[str, list[str]] = {}

    def add(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            found.setdefault(letter, []).append(text)

    for button in w.findChildren(QAbstractButton):
        if button.isVisible():
            add(button.text())
    for label in w.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            add(label.text())
    for box in w.findChildren(QGroupBox):
        if box.isVisible():
            add(box.title())
    for bar in w.findChildren(QTabBar):
        if bar.isVisible() and bar is not page.tabs.tabBar():
            for i in range(bar.count()):
                add(bar.tabText(i))
    for action in w.menuBar().actions():
        add(action.text())
    return found


def check_tab_letters(page: ParticipantPage, on_screen: dict[str, list[str]], where: str) -> None:
    letters = tab_letters(page)
    current = page.current_tab_key()
    assert letters[current] is None, f"{where}: the tab shown keeps its letter for its own fields"
    others = {key: letter for key, letter in letters.items() if key != current}
    assert all(others.values()), f"{where}: a tab without a mnemonic: {others}"
    assert len(set(others.values())) == len(others), f"{where}: two tabs share a letter: {others}"
    clashes = {letter: on_screen[letter] for letter in others.values() if letter in on_screen}
    assert clashes == {}, f"{where}: tab letters also used by {clashes}"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_tab_has_a_letter_that_nothing_on_any_tab_uses(windows, qtbot, language):
    i18n.set_language(language)  # before the window is built, as at a start
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    on_screen = visible_mnemonics(w, page)
    check_tab_letters(page, on_screen, "Deltagare")
    assert {k: v for k, v in on_screen.items() if len(v) > 1} == {}, "the form's own letters clash"

    wizard = open_wizard(qtbot, page)
    for step in range(PAGE_COUNT):
        click_step(qtbot, wizard, step)
        check_tab_letters(page, visible_mnemonics(w, page), f"wizard step {step + 1}")

    click_tab(qtbot, page, PLANS)
    documents = page.tab_widget(PLANS)
    check_tab_letters(page, visible_mnemonics(w, page), "Planer, no plan yet")
    click(qtbot, documents.plan.create_button)
    check_tab_letters(page, visible_mnemonics(w, page), "Individuell plan")
    bar = documents.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(documents.utvecklingsplaner)).center())
    click(qtbot, documents.utvecklingsplaner.new_button)
    check_tab_letters(page, visible_mnemonics(w, page), "Utvecklingsplaner")
    assert windows.asked == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_kompetenskort_fields_leave_the_tab_letters_alone(windows, qtbot, language):
    i18n.set_language(language)
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    click_tab(qtbot, page, PLANS)
    documents = page.tab_widget(PLANS)
    bar = documents.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(documents.kompetenskort)).center())
    click(qtbot, documents.kompetenskort.create_button)
    check_tab_letters(page, visible_mnemonics(w, page), "Kompetenskort")


SUB_TABS = ("Individuell plan", "Utvecklingsplaner", "Kompetenskort")  # the paper forms' names
# The one clash left: every letter of "Individuell plan" is taken by a menu, a tab or a
# field, and E only by the Kompetenskort form's "Kontaktp&erson arbetsplatsen".
KNOWN_FIELD_CLASHES = {"Kompetenskort": {"e"}}


def sub_tab_letters(documents) -> dict[str, str | None]:
    bar = documents.tabs.tabBar()
    return {without_mnemonic(bar.tabText(i)): mnemonic(bar.tabText(i)) for i in range(bar.count())}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_plans_sub_tabs_have_alt_letters_of_their_own(windows, qtbot, language):
    i18n.set_language(language)
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    click_tab(qtbot, page, PLANS)
    documents = page.tab_widget(PLANS)
    every = sub_tab_letters(documents)  # (the method's tabs after these four have letters of their own)
    names = list(every)[:4]
    letters = {name: every[name] for name in names}
    assert names[:3] == list(SUB_TABS)  # exactly as on paper, apart from the &
    assert names[3] == without_mnemonic(_("Kartlä&ggning (printout)"))  # sv: "Kartläggning (utskrift)"
    assert all(letters.values()) and len(set(letters.values())) == 4, letters
    others = [letter for name, letter in every.items() if name not in letters]
    assert not set(letters.values()) & set(others), every  # no other sub-tab has one of them
    menus = {mnemonic(a.text()) for a in w.menuBar().actions()}
    tabs = {mnemonic(title) for title in page._tab_titles} | {mnemonic(page.back_button.text())}  # Planer too
    assert not set(letters.values()) & (menus | tabs), (letters, menus, tabs)
    click(qtbot, documents.plan.create_button)
    bar = documents.tabs.tabBar()
    for editor in (documents.utvecklingsplaner, documents.kompetenskort):
        qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(editor)).center())
        button = getattr(editor, "new_button", None) or editor.create_button
        click(qtbot, button)
    for name, editor in zip(names, (documents.plan, documents.utvecklingsplaner, documents.kompetenskort,
                                    documents.kartlaggning)):
        qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(editor)).center())
        fields = {letter for letter, texts in visible_mnemonics(w, page).items()
                  if any(t not in [bar.tabText(i) for i in range(bar.count())] for t in texts)}
        clashes = set(letters.values()) & fields
        assert clashes == KNOWN_FIELD_CLASHES.get(name, set()), (name, clashes)


def test_alt_letters_switch_the_plans_sub_tabs_from_inside_a_field(windows, qtbot):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    click_tab(qtbot, page, PLANS)
    documents = page.tab_widget(PLANS)
    click(qtbot, documents.plan.create_button)
    field = first_input(documents.plan)
    assert field is not None
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    letters = list(sub_tab_letters(documents).values())[:4]
    editors = (documents.plan, documents.utvecklingsplaner, documents.kompetenskort, documents.kartlaggning)
    # Alt+E (Individuell plan) is not pressed on the Kompetenskort tab (KNOWN_FIELD_CLASHES)
    for index in (1, 2, 3, 0, 3, 2, 1, 0):
        press(Qt.Key(ord(letters[index].upper())), ALT)
        assert documents.tabs.currentWidget() is editors[index], letters[index]
        assert page.current_tab_key() == PLANS  # the participant's tab stays
    press(Qt.Key(ord(tab_letters(page)[PARTICIPANT].upper())), ALT)  # the main tabs' letters still work
    assert page.current_tab_key() == PARTICIPANT


def test_alt_letters_change_tabs_from_inside_a_wizard_text_field(windows, qtbot):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    wizard = open_wizard(qtbot, page, PAGE_MOTIVATION)
    goal = wizard.motivation_page.mal.editor
    type_into(goal, "Ett jobb")
    for target in (PLANS, PARTICIPANT, KARTLAGGNING, PARTICIPANT, PLANS, KARTLAGGNING):
        letter = tab_letters(page)[target]
        press(Qt.Key(ord(letter.upper())), ALT)
        assert page.current_tab_key() == target, (target, letter)
    assert goal.toPlainText() == "Ett jobb"


# ---- Ctrl+Tab and Ctrl+Shift+Tab -----------------------------------------------------------

def test_ctrl_tab_changes_tabs_from_inside_the_wizards_text_editors(windows, qtbot):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, BO)
    wizard = open_wizard(qtbot, page, PAGE_MOTIVATION)
    goal = wizard.motivation_page.mal.editor  # a QPlainTextEdit
    type_into(goal, "Ett jobb")
    press(Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() == PLANS
    press(Qt.Key.Key_Backtab, CTRL | SHIFT)  # how Ctrl+Shift+Tab arrives from a keyboard
    assert page.current_tab_key() == KARTLAGGNING
    qtbot.waitUntil(goal.hasFocus, timeout=3000)  # back where the typing was
    press(Qt.Key.Key_Tab, CTRL | SHIFT)  # and as some platforms send it
    assert page.current_tab_key() == PARTICIPANT
    assert focus() is page.form.first_input()
    press(Qt.Key.Key_Backtab, CTRL | SHIFT)  # round the start
    assert page.current_tab_key() == PLANS
    press(Qt.Key.Key_Tab, CTRL)  # round the end
    assert page.current_tab_key() == PARTICIPANT
    press(Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() == KARTLAGGNING
    qtbot.waitUntil(goal.hasFocus, timeout=3000)
    assert goal.toPlainText() == "Ett jobb"  # no tab character typed into it

    click_step(qtbot, wizard, PAGE_INDIVID)
    column = wizard.stack.currentWidget().current_editor.hinder
    click(qtbot, column.add_button)
    entry = column.rows[-1].edit  # a QTextEdit
    assert entry.hasFocus()
    type_text(entry, "Ont i ryggen")
    press(Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() == PLANS
    press(Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert page.current_tab_key() == KARTLAGGNING
    qtbot.waitUntil(entry.hasFocus, timeout=3000)
    assert entry.toPlainText() == "Ont i ryggen"


def test_ctrl_tab_skips_the_kartlaggning_tab_of_a_new_participant(windows, qtbot):
    w = windows.start_unlocked()
    QTest.keyClick(w.list_page.table, Qt.Key.Key_N, CTRL)
    page = w.participant_page
    assert page.form.is_new and page.form.first_input().hasFocus()
    press(Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() == PARTICIPANT  # nothing else can be opened yet
    assert page.form.first_input().hasFocus()


# ---- 2. the focus after opening -------------------------------------------------------------

def test_opening_a_participant_puts_the_focus_in_its_first_field(windows, qtbot):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, BO)  # double click
    assert focus() is page.form.first_input() and focus() is not page.back_button
    click(qtbot, page.back_button)
    assert w.list_page.table.hasFocus()
    press(Qt.Key.Key_Down)  # Bo -> Cilla
    press(Qt.Key.Key_Return)
    page = w.participant_page
    assert page.name_label.text() == CILLA
    assert focus() is page.form.first_input()
    press(Qt.Key.Key_Home, ALT)  # the list again, then the search field and Enter
    QTest.keyClick(w.list_page.table, Qt.Key.Key_F, CTRL)
    type_text(w.list_page.search, "ada")
    press(Qt.Key.Key_Return)
    page = w.participant_page
    assert page.name_label.text() == ADA
    assert focus() is page.form.first_input()


# ---- 3. the place over a restart ------------------------------------------------------------

def stored_place(vault_path: Path) -> dict | None:
    from kartlaggning.storage import Vault
    with Vault.open(vault_path, PASSPHRASE) as v:
        return window_state.load_place(v.repo)


def files_naming(root: Path, text: str, but: Path) -> list[Path]:
    return [f for f in root.rglob("*") if f.is_file() and not f.is_relative_to(but) and text.encode() in f.read_bytes()]


def test_a_restart_returns_to_the_participant_tab_and_step(windows, people, qtbot, vault_path, tmp_path):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, BO)
    open_wizard(qtbot, page, PAGE_MOTIVATION)
    w.close()
    assert not w.isVisible() and not w.session.has_lock

    place = stored_place(vault_path)
    assert place["participant_id"] == people[BO]
    assert place["position"]["tab"] == KARTLAGGNING and place["position"]["wizard"]["page"] == PAGE_MOTIVATION
    # in the vault only: no settings file, window state, log or QSettings file names the participant
    assert files_naming(tmp_path, people[BO], but=vault_path.parent) == []

    w2 = windows.start()
    unlock(qtbot, w2)
    page2 = w2.participant_page
    assert page2 is not None and page2.participant_id == people[BO]
    assert page2.current_tab_key() == KARTLAGGNING
    assert page2.wizard.current_page == PAGE_MOTIVATION
    qtbot.waitUntil(lambda: focus() is not None and page2.wizard.isAncestorOf(focus()), timeout=3000)
    assert windows.asked == []


def test_the_place_is_kept_at_a_lock_and_a_quit_while_locked(windows, people, qtbot, vault_path):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, CILLA)
    click_tab(qtbot, page, PLANS)
    press(Qt.Key.Key_L, CTRL)
    assert not w.session.is_unlocked
    w.close()  # locked: nothing more to write
    assert stored_place(vault_path)["participant_id"] == people[CILLA]

    w2 = windows.start_unlocked()
    assert w2.participant_page.participant_id == people[CILLA]
    assert w2.participant_page.current_tab_key() == PLANS


def test_quitting_on_the_list_starts_on_the_list(windows, qtbot, vault_path):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, ADA)
    open_wizard(qtbot, page, PAGE_SUMMARY)
    press(Qt.Key.Key_Home, ALT)  # back to the list
    w.close()
    assert stored_place(vault_path) is None

    w2 = windows.start_unlocked()
    assert w2.participant_page is None and w2.stack.currentWidget() is w2.list_page
    assert w2.list_page.search.hasFocus()


def _delete(vault_path: Path, participant_id: str) -> None:
    from kartlaggning.storage import Vault
    with Vault.open(vault_path, PASSPHRASE) as v:
        v.repo.delete_participant(participant_id)


def _store(vault_path: Path, value) -> None:
    from kartlaggning.storage import Vault
    with Vault.open(vault_path, PASSPHRASE) as v:
        v.repo.set_setting(window_state.PLACE_SETTING, value)


@pytest.mark.parametrize("stored", ["deleted", "text", 42, [1, 2], {"participant_id": 7},
                                    {"participant_id": "no-such-participant", "position": {"tab": KARTLAGGNING}},
                                    {"position": {"tab": KARTLAGGNING}}])
def test_a_deleted_participant_or_a_bad_stored_place_gives_the_list(windows, people, qtbot, vault_path, stored):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, BO)
    open_wizard(qtbot, page, PAGE_MOTIVATION)
    w.close()
    if stored == "deleted":
        _delete(vault_path, people[BO])
    else:
        _store(vault_path, stored)

    w2 = windows.start_unlocked()
    assert w2.participant_page is None and w2.stack.currentWidget() is w2.list_page
    assert w2.list_page.search.hasFocus()
    assert windows.asked == []


def test_a_stored_place_with_a_bad_position_opens_the_participant_on_its_first_tab(windows, people, qtbot,
                                                                                  vault_path):
    _store(vault_path, {"participant_id": people[ADA],
                        "position": {"tab": "no-such-tab", "wizard": "step 3", "tabs": [1, 2]}})
    w = windows.start_unlocked()
    page = w.participant_page
    assert page is not None and page.participant_id == people[ADA]
    assert page.current_tab_key() == PARTICIPANT
    assert focus() is page.form.first_input()


# ---- 4. a personnummer that another participant has ---------------------------------------

def duplicate_status(message_field: str = "Personnummer") -> str:
    return i18n._("Not saved: {reason}").format(reason=i18n._("{field}: {message}").format(
        field=message_field, message=i18n._("Another participant already has this personnummer.")))


def test_a_new_participant_with_a_taken_personnummer_is_not_called_saved_and_leads_to_the_other(
        windows, people, qtbot):
    w = windows.start_unlocked()
    QTest.keyClick(w.list_page.table, Qt.Key.Key_N, CTRL)
    page = w.participant_page
    form = page.form
    type_text(form.first_input(), "Dubbel Testsson")
    pnr_field = form.fields["personnummer"].row.field
    type_into(pnr_field, formatted(PEOPLE[ADA]))
    row = form.fields["personnummer"].row
    assert row.error() == i18n._("Another participant already has this personnummer.")
    assert form.open_existing_button.isVisible()
    assert form.banner.text() == i18n._("Not saved yet: another participant already has this personnummer "
                                        "(see below).")
    qtbot.waitUntil(lambda: w.autosaver.state == FAILED, timeout=5000)  # the autosave ran
    assert w.indicator.text() == duplicate_status()  # what the field says, not something else
    assert w.session.repo.count() == len(PEOPLE)

    windows.answer = CANCEL
    click(qtbot, form.open_existing_button)
    assert len(windows.asked) == 1  # the name would be lost: asked first
    assert w.participant_page is page  # stayed, nothing typed is gone
    assert form.first_input().text() == "Dubbel Testsson" and pnr_field.text() == formatted(PEOPLE[ADA])

    windows.answer = DISCARD
    click(qtbot, form.open_existing_button)
    assert len(windows.asked) == 2
    opened = w.participant_page
    assert opened is not page and opened.participant_id == people[ADA]
    assert opened.name_label.text() == ADA
    assert w.session.repo.count() == len(PEOPLE)
    assert w.indicator.text() == i18n._("Saved")  # true now: nothing is waiting
    assert focus() is opened.form.first_input()


def test_only_the_taken_personnummer_typed_opens_the_other_by_keyboard_without_asking(windows, people, qtbot):
    w = windows.start_unlocked()
    QTest.keyClick(w.list_page.table, Qt.Key.Key_N, CTRL)
    form = w.participant_page.form
    pnr_field = form.fields["personnummer"].row.field
    type_into(pnr_field, formatted(PEOPLE[CILLA]))
    assert form.open_existing_button.isVisible()
    press(Qt.Key.Key_Tab)  # the button follows the field
    assert focus() is form.open_existing_button
    press(Qt.Key.Key_Space)
    assert windows.asked == []  # that number is the other participant's: nothing is lost
    assert w.participant_page.participant_id == people[CILLA]


def test_an_existing_participant_given_a_taken_personnummer_keeps_its_own(windows, people, qtbot, vault_path):
    w = windows.start_unlocked()
    page = open_from_list(qtbot, w, BO)
    form = page.form
    pnr_field = form.fields["personnummer"].row.field
    type_into(pnr_field, formatted(PEOPLE[CILLA]), replace=True)
    qtbot.waitUntil(lambda: w.autosaver.state == FAILED, timeout=5000)
    assert w.indicator.text() == duplicate_status()
    assert page.pnr_label.text() == formatted(PEOPLE[BO])  # the header shows what is stored
    assert form.open_existing_button.isVisible()

    windows.answer = DISCARD
    click(qtbot, form.open_existing_button)
    assert len(windows.asked) == 1  # the number typed is lost: asked first
    assert w.participant_page.participant_id == people[CILLA]
    assert w.session.repo.get_participant(people[BO]).personnummer == PEOPLE[BO]

    type_into(w.participant_page.form.fields["personnummer"].row.field, "1", replace=True)  # no button for a
    assert not w.participant_page.form.open_existing_button.isVisible()                     # plain typo
