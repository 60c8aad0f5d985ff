"""Issue 8, points 6 and 7, driven through the real widgets (offscreen):

* each hinder/resurs shows the samtal it came from and the handläggare can change
  it, by keyboard or mouse; the change is saved and comes back from the vault;
* the kartläggning prints (and saves as PDF) from the Sammanställning step, with
  what was just typed in a field that was never left.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from kartlaggning.i18n import _
from kartlaggning.models.areas import AREAS_BY_KEY
from kartlaggning.storage import Vault
from kartlaggning.storage.prints import PrintLog
from kartlaggning.ui.autosave import Autosaver
from kartlaggning.ui.plans import printing
from kartlaggning.ui.wizard.wizard import PAGE_SAMTAL, PAGE_SUMMARY

from conftest import PASSPHRASE
from test_e2e_gui import click, click_step, type_text, unlock
from test_ui_wizard import FakeClock, FakeWall, make_wizard

LEFT = Qt.MouseButton.LeftButton
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def english_ui():
    """These tests read English labels (the Swedish catalogue is checked in test_translations)."""
    from kartlaggning import i18n
    i18n.set_language("en")


@pytest.fixture
def pid(vault, participant) -> str:
    vault.repo.save_participant(participant)
    return participant.id


@pytest.fixture
def clocks():
    return FakeClock(), FakeWall(datetime(2026, 3, 2, 9, 0))


def hold_samtal(qtbot, w, wall, minutes: int):
    """Start a samtal and end it with the buttons of the samtal step."""
    click_step(qtbot, w, PAGE_SAMTAL)
    click(qtbot, w.samtal_page.start_button)
    samtal = w.kartlaggning.current_samtal
    wall.advance(minutes=minutes)
    click(qtbot, w.samtal_page.end_button)
    assert samtal.ended
    return samtal


def add_typed_entry(qtbot, column, text: str):
    click(qtbot, column.add_button)
    row = column.rows[-1]
    assert row.edit.hasFocus()
    type_text(row.edit, text)
    return row


def popup_shown(choice) -> bool:
    return choice.view().isVisible()


def back_in_text(qtbot, w, row) -> None:
    """After the samtal list closed, the entry's text has the focus again."""
    qtbot.waitUntil(lambda: w.focusWidget() is row.edit)
    w.activateWindow()  # the window manager's job when a popup closes; offscreen has none
    qtbot.waitUntil(row.edit.hasFocus)


# ---- 1. the samtal of an entry ------------------------------------------------------------------

def test_an_entry_added_outside_a_samtal_gets_its_samtal_changed_and_kept(qtbot, vault, vault_path, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    s1 = hold_samtal(qtbot, w, wall, 45)  # 2 March
    wall.advance(days=7)
    s2 = hold_samtal(qtbot, w, wall, 50)  # 9 March
    wall.advance(days=1)  # 10 March: written up the day after, no samtal running

    click_step(qtbot, w, 1, "historik")
    editor = w.individ_page.editors["historik"]
    area = _(AREAS_BY_KEY["historik"].title)
    hinder = add_typed_entry(qtbot, editor.hinder, "Förlorade jobbet 2019")
    # another day than the last samtal: not put down to it without being asked
    assert hinder.entry.samtal_id is None
    assert hinder.samtal_choice.isVisible() and hinder.samtal_choice.text() == "No session"
    assert hinder.edit.accessibleName() == f"Obstacle 1, {area}, No session"
    assert [hinder.samtal_choice.itemText(i) for i in range(hinder.samtal_choice.count())] == [
        "No session", "Session 1, 2 Mar 2026", "Session 2, 9 Mar 2026"]

    # keyboard: the shortcut from the text opens the list, arrows and Enter choose, back in the text
    QTest.keyClick(hinder.edit, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: popup_shown(hinder.samtal_choice))
    view = hinder.samtal_choice.view()
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup_shown(hinder.samtal_choice))
    assert hinder.entry.samtal_id == s2.id
    assert hinder.samtal_choice.text() == "Session 2"
    assert hinder.edit.accessibleName() == f"Obstacle 1, {area}, Session 2"
    back_in_text(qtbot, w, hinder)
    type_text(hinder.edit, " och flyttade")  # typing goes on where it was

    # Esc closes the list and keeps the samtal
    QTest.keyClick(hinder.edit, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: popup_shown(hinder.samtal_choice))
    QTest.keyClick(hinder.samtal_choice.view(), Qt.Key.Key_Up)
    QTest.keyClick(hinder.samtal_choice.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup_shown(hinder.samtal_choice))
    back_in_text(qtbot, w, hinder)
    assert hinder.entry.samtal_id == s2.id

    # mouse: click the combo on a resurs, click "Session 1" in the list
    resurs = add_typed_entry(qtbot, editor.resurser, "Klarade utbildningen")
    qtbot.mouseClick(resurs.samtal_choice, LEFT)
    qtbot.waitUntil(lambda: popup_shown(resurs.samtal_choice))
    view = resurs.samtal_choice.view()
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a release right after the opening press is ignored
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(view.model().index(1, 0)).center())
    qtbot.waitUntil(lambda: not popup_shown(resurs.samtal_choice))
    assert resurs.entry.samtal_id == s1.id
    assert resurs.edit.accessibleName() == f"Resource 1, {area}, Session 1"

    # a samtal started later is offered on the entries already there, which keep theirs
    click_step(qtbot, w, PAGE_SAMTAL)
    click(qtbot, w.samtal_page.start_button)
    assert hinder.samtal_choice.count() == 4 and hinder.samtal_choice.text() == "Session 2"
    click(qtbot, w.samtal_page.end_button)

    assert w.flush()
    w.shutdown()
    vault.close()

    v2 = Vault.open(vault_path, PASSPHRASE)
    try:
        rec = v2.repo.latest_kartlaggning(pid).area("historik")
        assert [(e.text, e.samtal_id) for e in rec.hinder] == [("Förlorade jobbet 2019 och flyttade", s2.id)]
        assert [(e.text, e.samtal_id) for e in rec.resurser] == [("Klarade utbildningen", s1.id)]
        w2 = make_wizard(qtbot, v2.repo, pid, clocks, Autosaver(delay_ms=50))
        editor2 = w2.individ_page.editors["historik"]
        assert editor2.hinder.rows[0].samtal_choice.text() == "Session 2"
        assert editor2.hinder.rows[0].edit.accessibleName() == f"Obstacle 1, {area}, Session 2"
        assert editor2.resurser.rows[0].samtal_choice.text() == "Session 1"
        w2.shutdown()
    finally:
        v2.close()


def test_an_entry_can_be_put_back_to_no_samtal(qtbot, vault, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    s1 = hold_samtal(qtbot, w, wall, 30)
    click_step(qtbot, w, 1, "substans")
    row = add_typed_entry(qtbot, w.individ_page.editors["substans"].resurser, "Medicinen hjälper")
    assert row.entry.samtal_id == s1.id  # the same day, just after the samtal: that samtal
    assert w.flush() and vault.repo.latest_kartlaggning(pid).area("substans").resurser[0].samtal_id == s1.id
    QTest.keyClick(row.edit, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: popup_shown(row.samtal_choice))
    QTest.keyClick(row.samtal_choice.view(), Qt.Key.Key_Home)
    QTest.keyClick(row.samtal_choice.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup_shown(row.samtal_choice))
    assert row.entry.samtal_id is None
    assert w.flush()
    assert vault.repo.latest_kartlaggning(pid).area("substans").resurser[0].samtal_id is None
    w.shutdown()


def test_a_wheel_over_an_entry_scrolls_and_does_not_change_its_samtal(qtbot, vault, pid, clocks):
    clock, wall = clocks
    w = make_wizard(qtbot, vault.repo, pid, clocks)
    hold_samtal(qtbot, w, wall, 20)
    wall.advance(days=1)
    click_step(qtbot, w, 1, "stress")
    row = add_typed_entry(qtbot, w.individ_page.editors["stress"].hinder, "Stress vid tidspress")
    choice = row.samtal_choice
    assert not choice.hasFocus() and choice.text() == "No session"
    centre = QPointF(choice.rect().center())
    for delta in (-120, -120, 120):
        event = QWheelEvent(centre, QPointF(choice.mapToGlobal(QPoint(centre.toPoint()))), QPoint(0, 0),
                            QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(choice, event)
    assert choice.text() == "No session" and row.entry.samtal_id is None


# ---- 2. printing from the Sammanställning -----------------------------------------------------

@pytest.fixture
def previews(monkeypatch):
    """The preview dialog is not run: the user "prints" in it at once. Records what it showed."""
    shown = []

    def exec_(dialog):
        shown.append(dialog.windowTitle())
        dialog.printed = True
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    return shown


def slow_autosaver() -> Autosaver:
    """Saves only when flushed within the test: only the print can have saved the typing."""
    return Autosaver(delay_ms=600_000, max_delay_ms=600_000)


def test_print_from_the_summary_prints_what_was_just_typed(qtbot, vault, pid, clocks, previews):
    w = make_wizard(qtbot, vault.repo, pid, clocks, slow_autosaver())
    click_step(qtbot, w, PAGE_SUMMARY)
    bar = w.summary_page.print_bar
    assert bar.print_button.isVisible() and bar.pdf_button.isVisible()
    assert bar.state_label.text() == "Not printed yet"
    field = w.summary_page.fields["bedomning"].editor
    qtbot.mouseClick(field.viewport(), LEFT)
    type_text(field, "Kan arbeta 50 % med anpassningar, lyfter inte tungt")
    assert w.autosaver.has_pending  # not saved yet

    click(qtbot, bar.print_button)
    assert len(previews) == 1
    kid = w.kartlaggning.id
    log_ = PrintLog(vault)
    assert log_.latest(kid).version == 1
    printed = log_.snapshot(kid, 1).document
    assert printed.sammanstallning.bedomning == "Kan arbeta 50 % med anpassningar, lyfter inte tungt"
    assert bar.state_label.text().startswith("Printed as version 1")
    w.shutdown()


def test_save_as_pdf_from_the_summary_keeps_the_last_keystroke(qtbot, vault, pid, clocks, tmp_path, monkeypatch):
    target = tmp_path / "ut" / "kartlaggning.pdf"
    target.parent.mkdir()
    asked = []

    def get_save_file_name(parent, caption, start, filters):
        asked.append(start)
        return str(target), filters
    monkeypatch.setattr(printing.QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    w = make_wizard(qtbot, vault.repo, pid, clocks, slow_autosaver())
    click_step(qtbot, w, PAGE_SUMMARY)
    field = w.summary_page.fields["text"].editor
    qtbot.mouseClick(field.viewport(), LEFT)
    type_text(field, "Åsa har deltagit i två samtal.\nHon vill arbeta i butik")

    click(qtbot, w.summary_page.print_bar.pdf_button)
    assert len(asked) == 1 and "Åsa" not in asked[0]  # no personal data in the suggested name
    assert target.read_bytes().startswith(b"%PDF")
    printed = PrintLog(vault).snapshot(w.kartlaggning.id, 1).document
    assert printed.sammanstallning.text == "Åsa har deltagit i två samtal.\nHon vill arbeta i butik"
    w.shutdown()


def test_ctrl_p_in_the_summary_field_of_the_window_prints_it(qtbot, vault_path, participant, previews):
    """In the real window (the Plans tab has a Ctrl+P of its own): the key pressed in the
    field, which never loses focus, prints the kartläggning with what was typed."""
    from kartlaggning.config import AppConfig
    from kartlaggning.ui.main_window import MainWindow
    from kartlaggning.ui.session import Session

    v, _recovery = Vault.create(vault_path, PASSPHRASE)
    v.repo.save_participant(participant)
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.resize(1300, 860)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.start()
    try:
        unlock(qtbot, window)
        page = window.open_participant(participant.id)
        page.set_current_tab("kartlaggning")
        wizard = page.wizard
        qtbot.waitUntil(wizard.isVisible)
        click_step(qtbot, wizard, PAGE_SUMMARY)
        field = wizard.summary_page.fields["rehabiliteringsforslag"].editor
        qtbot.mouseClick(field.viewport(), LEFT)
        type_text(field, "Arbetsträning 25 %")
        QTest.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(previews) == 1)  # a button's shortcut clicks it a moment later
        assert field.hasFocus()
        kid = wizard.kartlaggning.id
        printed = PrintLog(window.session.vault).snapshot(kid, 1).document
        assert printed.sammanstallning.rehabiliteringsforslag == "Arbetsträning 25 %"
    finally:
        window.shutdown()
