"""End to end through the real window (offscreen): create the vault, add a
participant, a whole kartläggning over two samtal, quit, start again, unlock and
find everything where it was; Ctrl+L locks and unlocking returns to the same place.

Widgets are driven by typing and clicking; a widget method is called only where a
click is impractical offscreen.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QScrollArea, QStyle, QStyleOptionButton

from kartlaggning import i18n
from kartlaggning.config import AppConfig
from kartlaggning.models.areas import AREAS, INDIVID_AREAS
from kartlaggning.models.kartlaggning import Stage
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.participants import ParticipantTableModel, status_label
from kartlaggning.ui.session import Session
from kartlaggning.ui.wizard import KartlaggningWizard
from kartlaggning.ui.wizard.wizard import (PAGE_ATGARDER, PAGE_INDIVID, PAGE_MOTIVATION, PAGE_OMGIVNING, PAGE_SAMTAL,
                                           PAGE_SUMMARY)

from conftest import PASSPHRASE, make_pnr
from tests.helpers.typing_keys import type_text  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
NAME = "Testa Testsson"
SAMTAL_2_AREAS = ("kroppsfunktioner", "sociala", "natverk")  # where samtal 2 adds entries


class Clocks:
    """A standing monotonic clock (the samtal timer) and a wall clock moved by hand."""

    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0)

    def monotonic(self) -> float:
        return 1000.0

    def wall(self) -> datetime:
        return self.now


@pytest.fixture
def clocks():
    return Clocks()


@pytest.fixture
def make_window(qtbot, vault_path, clocks, monkeypatch):
    """The real window with the real wizard and Plans tab; any question box fails the test."""
    asked = []

    def no_questions(*args, **kwargs):
        asked.append(args[1:3])
        return QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", staticmethod(no_questions))
    windows = []

    def factory(repo, participant_id, autosaver, clock, parent):
        return KartlaggningWizard(repo, participant_id, autosaver, clock=clock, parent=parent,
                                  wall_clock=clocks.wall)

    def make() -> MainWindow:
        w = MainWindow(Session(vault_path), AppConfig(), clock=clocks.monotonic, wizard_factory=factory)
        w.resize(1300, 860)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # shortcuts need an active window
        w.start()
        windows.append(w)
        return w

    yield make
    for w in windows:
        if w.isVisible():
            w.close()
        w.session.quit()
        w.deleteLater()
    assert asked == [], f"unexpected question boxes: {asked}"


# ---- typing and clicking ---------------------------------------------------------------



def type_into(widget, text: str, replace: bool = False) -> None:
    widget.setFocus()
    if replace:
        QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(widget, text)


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget.text()
    qtbot.mouseClick(widget, LEFT)


def click_check(qtbot, box) -> None:
    """Click a check box on its indicator (a stretched box's centre may be empty space)."""
    option = QStyleOptionButton()
    option.initFrom(box)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    was = box.isChecked()
    assert box.isVisible() and box.isEnabled()
    qtbot.mouseClick(box, LEFT, pos=indicator.center())
    assert box.isChecked() != was


def click_tab(qtbot, page: ParticipantPage, key: str) -> None:
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(page._tab_keys.index(key)).center())
    assert page.current_tab_key() == key


def click_step(qtbot, wizard: KartlaggningWizard, page: int, area: str | None = None) -> None:
    """Click the step (or area) in the wizard's step list."""
    item = wizard._area_items[area] if area else wizard._step_items[page]
    rect = wizard.steps.visualItemRect(item)
    qtbot.mouseClick(wizard.steps.viewport(), LEFT, pos=rect.center())
    assert (wizard.current_page, wizard.current_area if area else None) == (page, area)


def unlock(qtbot, w: MainWindow) -> None:
    field = w.unlock_page.unlock_form.passphrase.field
    type_into(field, PASSPHRASE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.session.is_unlocked, timeout=5000)


# ---- what is typed --------------------------------------------------------------------

def fakta(area) -> str:
    return f"Fakta om {area.key}: ryggen värker\nandra raden"


def hinder(area, samtal: int, n: int = 1) -> str:
    return f"H{n} {area.key} s{samtal}"


def resurs(area, samtal: int) -> str:
    return f"R {area.key} s{samtal}"


CROSS = {"mindre_bra_for_mig": "Rädd att ryggen blir sämre", "bra_for_mig": "Egen lön",
         "mindre_bra_for_omgivningen": "Mindre tid för barnbarnen", "bra_for_omgivningen": "Frun oroar sig mindre"}


def add_entry(qtbot, column, text: str) -> None:
    click(qtbot, column.add_button)
    row = column.rows[-1]
    assert row.edit.hasFocus()  # a new entry is ready for typing
    type_text(row.edit, text)


def fill_area(qtbot, wizard, area, samtal: int) -> None:
    page = PAGE_INDIVID if area in INDIVID_AREAS else PAGE_OMGIVNING
    click_step(qtbot, wizard, page, area.key)
    editor = wizard.stack.currentWidget().current_editor
    if samtal == 1:
        type_into(editor.fakta.editor, fakta(area))
        add_entry(qtbot, editor.hinder, hinder(area, 1))
        add_entry(qtbot, editor.resurser, resurs(area, 1))
    else:
        add_entry(qtbot, editor.hinder, hinder(area, 2, n=2))
        add_entry(qtbot, editor.resurser, resurs(area, 2))


# ---- the journey ----------------------------------------------------------------------------

def test_create_map_quit_reopen_and_find_everything(qtbot, make_window, vault_path, clocks):
    w = make_window()

    # first start: the vault is created through the form, the recovery key confirmed
    create = w.unlock_page.create_form
    assert w.unlock_page.current_form() is create
    type_into(create.passphrase.field, PASSPHRASE)
    type_into(create.repeat.field, PASSPHRASE)
    click(qtbot, create.create_button)
    dialog = w.recovery_dialog
    assert vault_path.is_file() and dialog.isVisible() and not dialog.continue_button.isEnabled()
    click_check(qtbot, dialog.confirm)
    click(qtbot, dialog.continue_button)
    assert not dialog.isVisible() and w.stack.currentWidget() is w.list_page
    w.activateWindow()  # the window manager's job when a dialog closes; offscreen has none
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)

    # Ny deltagare: a wrong personnummer is explained next to the field and kept; then fixed
    click(qtbot, w.list_page.new_button)
    page = w.participant_page
    form = page.form
    type_into(form.fields["namn"].row.field, NAME)
    pnr_row = form.fields["personnummer"].row
    good = make_pnr(5)
    bad = f"{good[:8]}-{good[8:11]}{(int(good[11]) + 1) % 10}"
    type_into(pnr_row.field, bad)
    assert pnr_row.error_label.isVisible() and pnr_row.error_label.text()
    assert pnr_row.error_label.parentWidget() is pnr_row.field.parentWidget()  # beside the field, not in a box
    assert pnr_row.field.text() == bad and form.is_new
    assert not page.tabs.isTabEnabled(page._tab_keys.index(ParticipantPage.TAB_KARTLAGGNING))
    type_into(pnr_row.field, f"{good[:8]}-{good[8:]}", replace=True)
    assert not pnr_row.error_label.isVisible()
    qtbot.waitUntil(lambda: page.participant_id is not None, timeout=5000)  # autosave writes it
    pid = page.participant_id

    # Kartläggning: samtal 1 (interpreter present), all twelve areas
    click_tab(qtbot, page, ParticipantPage.TAB_KARTLAGGNING)
    wizard = page.wizard
    assert wizard is not None and wizard.current_page == PAGE_SAMTAL
    qtbot.waitUntil(wizard.isVisible)  # built when its tab is first shown
    samtal_page = wizard.samtal_page
    click_check(qtbot, samtal_page.tolk)
    click(qtbot, samtal_page.start_button)
    assert wizard.timer.running
    for area in AREAS:
        fill_area(qtbot, wizard, area, 1)
    clocks.now += timedelta(minutes=48)
    click(qtbot, wizard.timer.end_button)
    assert not wizard.timer.running

    # samtal 2 a week later: more entries
    clocks.now += timedelta(days=7)
    click_step(qtbot, wizard, PAGE_SAMTAL)
    click(qtbot, samtal_page.start_button)
    assert wizard.timer.running
    for area in AREAS:
        if area.key in SAMTAL_2_AREAS:
            fill_area(qtbot, wizard, area, 2)

    # motivationskors
    click_step(qtbot, wizard, PAGE_MOTIVATION)
    mp = wizard.motivation_page
    type_into(mp.mal.editor, "Jobb på ett lager")
    for name, text in CROSS.items():
        type_into(mp.fields[name].editor, text)
    mp.stage.setFocus()
    for _ in range(3):  # Not set -> Not considering -> Contemplating -> Preparing
        QTest.keyClick(mp.stage, Qt.Key.Key_Down)
    assert mp.stage.currentData() == Stage.FORBEREDELSE.value
    type_into(mp.viktighet.lineEdit(), "8", replace=True)
    type_into(mp.tilltro.lineEdit(), "6", replace=True)
    type_into(mp.egna_ord.editor, "För barnens skull")

    # åtgärder, sammanställning signed
    click_step(qtbot, wizard, PAGE_ATGARDER)
    type_into(wizard.atgarder_page.field.editor, "Kontakt med vårdcentralen")
    click(qtbot, wizard.timer.end_button)
    click_step(qtbot, wizard, PAGE_SUMMARY)
    sp = wizard.summary_page
    for name, field in sp.fields.items():
        type_into(field.editor, f"{name} skrivet")
    sp.findChild(QScrollArea).ensureWidgetVisible(sp.signerad.check)  # scroll down to it
    click_check(qtbot, sp.signerad.check)
    assert sp.signerad.check.isChecked() and sp.genomgangen.check.isChecked()
    kid = wizard.kartlaggning.id

    # quit at once: what was just typed is still queued, and closing the window saves it
    assert w.autosaver.has_pending
    w.close()
    assert not w.isVisible() and not w.session.has_lock

    # the program again: a new session, unlock, back where the work stopped (the place is kept in the vault)
    w2 = make_window()
    assert w2.unlock_page.current_form() is w2.unlock_page.unlock_form
    unlock(qtbot, w2)
    resumed = w2.participant_page
    assert resumed is not None and resumed.participant_id == pid
    assert resumed.current_tab_key() == ParticipantPage.TAB_KARTLAGGNING
    assert resumed.wizard.current_page == PAGE_SUMMARY

    # the list says where the participant stands
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    table, model = w2.list_page.table, w2.list_page.model
    assert model.rowCount() == 1
    assert model.summary(0).status == "summary_signed"
    assert model.index(0, ParticipantTableModel.COL_STATUS).data() == status_label("summary_signed")
    assert model.index(0, ParticipantTableModel.COL_NAME).data() == NAME
    qtbot.waitUntil(table.isVisible)
    cell = table.visualRect(model.index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), LEFT, pos=cell)  # QTest's double click needs the press before it
    qtbot.mouseDClick(table.viewport(), LEFT, pos=cell)
    page2 = w2.participant_page
    assert page2 is not None and page2.participant_id == pid
    assert page2.form.fields["personnummer"].row.field.text() == f"{good[:8]}-{good[8:]}"

    stored = w2.session.repo.get_kartlaggning(kid)
    s1, s2 = stored.samtal
    assert (s1.datum, s1.start, s1.slut, s1.tolk_narvarande) == (date(2026, 3, 2), time(9, 0), time(9, 48), True)
    assert (s2.datum, s2.start) == (date(2026, 3, 9), time(9, 48)) and s2.slut is not None

    click_tab(qtbot, page2, ParticipantPage.TAB_KARTLAGGNING)
    wizard2 = page2.wizard
    qtbot.waitUntil(wizard2.isVisible)
    samtal_text = {1: i18n._("Session {number}").format(number=1), 2: i18n._("Session {number}").format(number=2)}
    for area in AREAS:
        rec = stored.area(area.key)
        editor = (wizard2.individ_page if area in INDIVID_AREAS else wizard2.omgivning_page).editors[area.key]
        expected_h = [(hinder(area, 1), 1)] + ([(hinder(area, 2, n=2), 2)] if area.key in SAMTAL_2_AREAS else [])
        expected_r = [(resurs(area, 1), 1)] + ([(resurs(area, 2), 2)] if area.key in SAMTAL_2_AREAS else [])
        assert rec.fakta == fakta(area) == editor.fakta.text()
        for column, entries, expected in ((editor.hinder, rec.hinder, expected_h),
                                          (editor.resurser, rec.resurser, expected_r)):
            assert [(e.text, stored.samtal_number(e.samtal_id)) for e in entries] == expected, area.key
            assert [(r.edit.toPlainText(), r.samtal_label.text()) for r in column.rows] == [
                (text, samtal_text[n]) for text, n in expected], area.key
    m = stored.motivation
    assert (m.mal, m.stage, m.viktighet, m.tilltro, m.egna_ord) == (
        "Jobb på ett lager", Stage.FORBEREDELSE, 8, 6, "För barnens skull")
    assert {name: getattr(m, name) for name in CROSS} == CROSS
    assert stored.atgarder_innan_plan == "Kontakt med vårdcentralen"
    s = stored.sammanstallning
    assert s.bedomning == "bedomning skrivet" and s.deltagarens_kommentar == "deltagarens_kommentar skrivet"
    assert s.signerad == s.genomgangen == date(2026, 3, 9)
    assert wizard2.summary_page.signerad.check.isChecked()
    assert wizard2.motivation_page.viktighet.value() == 8

    # Ctrl+L in the middle of work: everything hidden; unlocking returns to the same page and field
    click_step(qtbot, wizard2, PAGE_MOTIVATION)
    own_words = wizard2.motivation_page.egna_ord.editor
    own_words.setFocus()
    QTest.keyClick(own_words, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(own_words, " och min egen")
    QTest.keyClick(w2, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not w2.session.is_unlocked and w2.participant_page is None
    assert w2.stack.currentWidget() is w2.unlock_page
    visible = " ".join(label.text() for label in w2.findChildren(QLabel) if label.isVisible())
    assert NAME not in visible and "Testa" not in visible
    unlock(qtbot, w2)
    page3 = w2.participant_page
    assert page3 is not None and page3.participant_id == pid
    assert page3.current_tab_key() == ParticipantPage.TAB_KARTLAGGNING
    assert page3.wizard.current_page == PAGE_MOTIVATION
    qtbot.waitUntil(lambda: page3.wizard.motivation_page.egna_ord.editor.hasFocus(), timeout=3000)
    assert page3.wizard.motivation_page.egna_ord.text() == "För barnens skull och min egen"  # saved before the lock
