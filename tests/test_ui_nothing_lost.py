"""Nothing typed is lost, in any editor, whatever comes next.

For each editor of the window (participant form, wizard fakta and entry, the
motivationskors, the plan's Mål and a Delmål cell, an Utvecklingsplan row cell, the
Kompetenskort) the test clicks into the real field, types with real key events and
then, without leaving the field: locks with Ctrl+L, is locked by the idle timer,
switches tab with Ctrl+Tab, quits with Ctrl+Q, or prints with Ctrl+P. Then the vault
is read: every character typed is there.
"""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QScrollArea

from kartlaggning.config import AppConfig
from kartlaggning.models import IndividuellPlan, Kompetenskort, Participant, Utvecklingsplan
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.plans import printing
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_text, unlock

TYPED = "Skrivet nyss: åäö 123"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def world(qtbot, vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Allt Kvar", personnummer=make_pnr(11), adress="Gatan 1")
    v.repo.save_participant(p)
    k = v.repo.new_kartlaggning(p.id)
    v.repo.save_kartlaggning(k)
    plan = IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer,
                           upprattad=date(2026, 11, 2))
    v.repo.save_document(plan)
    utv = Utvecklingsplan(participant_id=p.id, datum=date(2026, 11, 3))
    v.repo.save_document(utv)
    card = Kompetenskort(participant_id=p.id, namn=p.namn, personnummer=p.personnummer)
    v.repo.save_document(card)
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock(qtbot, window)
    page = window.open_participant(p.id)
    ids = {"participant": p.id, "kartlaggning": k.id, "plan": plan.id, "utv": utv.id, "card": card.id}
    yield window, page, ids
    window.shutdown()


# ---- the editors: get to the field as a user would, click into it -------------------------------

def _click_into(qtbot, widget):
    scroll = widget.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:
        scroll.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()
    qtbot.waitUntil(widget.isVisible, timeout=3000)
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.rect().center())
    widget.setFocus()
    return widget


def _wizard(qtbot, page):
    page.set_current_tab(ParticipantPage.TAB_KARTLAGGNING)
    qtbot.waitUntil(lambda: page.wizard is not None, timeout=3000)
    return page.wizard


def _documents(qtbot, page, which: str):
    page.set_current_tab(ParticipantPage.TAB_PLANS)
    documents = page.tab_widget(ParticipantPage.TAB_PLANS)
    editor = getattr(documents, which)
    bar = documents.tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(documents.tabs.indexOf(editor)).center())
    qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=3000)
    return editor


def _open_cell(qtbot, table, row: int, column: int):
    _click_into(qtbot, table)
    table.scrollTo(table.model().index(row, column))
    rect = table.visualRect(table.model().index(row, column))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    return QApplication.focusWidget()


def participant_adress(qtbot, page):
    page.set_current_tab(ParticipantPage.TAB_PARTICIPANT)
    field = _click_into(qtbot, page.form.fields["adress"].row.field)
    QTest.keyClick(field, Qt.Key.Key_End)
    return field


def wizard_fakta(qtbot, page):
    wizard = _wizard(qtbot, page)
    wizard.go_to_area("kroppsfunktioner", focus=True)
    return _click_into(qtbot, wizard.individ_page.editors["kroppsfunktioner"].fakta.editor)


def wizard_entry(qtbot, page):
    wizard = _wizard(qtbot, page)
    wizard.go_to_area("psykiska", focus=True)
    column = wizard.individ_page.editors["psykiska"].hinder
    _click_into(qtbot, column.add_button)  # "Lägg till hinder": a new entry, the cursor in it
    qtbot.waitUntil(lambda: bool(column.rows), timeout=3000)
    return _click_into(qtbot, column.rows[-1].edit)


def motivation_goal(qtbot, page):
    from kartlaggning.ui.wizard.wizard import PAGE_MOTIVATION
    wizard = _wizard(qtbot, page)
    wizard.go_to(PAGE_MOTIVATION, focus=True)
    return _click_into(qtbot, wizard.motivation_page.mal.editor)


def plan_mal(qtbot, page):
    return _click_into(qtbot, _documents(qtbot, page, "plan").mal)


def plan_delmal_cell(qtbot, page):
    return _open_cell(qtbot, _documents(qtbot, page, "plan").delmal.table, 0, 0)


def utvecklingsplan_cell(qtbot, page):
    editor = _documents(qtbot, page, "utvecklingsplaner")
    QTest.mouseClick(editor.rader.add_button, Qt.MouseButton.LeftButton)  # a row; its date cell gets focus
    return _open_cell(qtbot, editor.rader.table, 0, 1)


def kompetenskort_text(qtbot, page):
    return _click_into(qtbot, _documents(qtbot, page, "kompetenskort").beskrivning)


def read(vault, ids, target) -> str:
    repo = vault.repo
    if target is participant_adress:
        return repo.get_participant(ids["participant"]).adress
    if target in (wizard_fakta, wizard_entry, motivation_goal):
        k = repo.get_kartlaggning(ids["kartlaggning"])
        return {wizard_fakta: lambda: k.area("kroppsfunktioner").fakta,
                wizard_entry: lambda: " ".join(e.text for e in k.area("psykiska").hinder),
                motivation_goal: lambda: k.motivation.mal}[target]()
    if target in (plan_mal, plan_delmal_cell):
        plan = repo.get_document(ids["plan"])
        return plan.mal if target is plan_mal else " ".join(plan.delmal)
    if target is utvecklingsplan_cell:
        return " ".join(r.omrade for r in repo.get_document(ids["utv"]).rader)
    return repo.get_document(ids["card"]).beskrivning


EDITORS = [participant_adress, wizard_fakta, wizard_entry, motivation_goal, plan_mal, plan_delmal_cell,
           utvecklingsplan_cell, kompetenskort_text]
PRINTABLE = {plan_mal: ("plan", "plan"), plan_delmal_cell: ("plan", "plan"),
             utvecklingsplan_cell: ("utvecklingsplaner", "utv"), kompetenskort_text: ("kompetenskort", "card")}


def stored(vault_path, ids, target) -> str:
    with Vault.open(vault_path, PASSPHRASE) as v:
        return read(v, ids, target)


# ---- the actions, from inside the field ------------------------------------------------------------

@pytest.mark.parametrize("target", EDITORS, ids=lambda t: t.__name__)
def test_ctrl_l_inside_the_field(qtbot, world, vault_path, target):
    window, page, ids = world
    field = target(qtbot, page)
    type_text(field, TYPED)
    QTest.keyClick(field, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    window.shutdown()
    assert TYPED in stored(vault_path, ids, target)


@pytest.mark.parametrize("target", EDITORS, ids=lambda t: t.__name__)
def test_the_idle_lock_while_in_the_field(qtbot, world, vault_path, target):
    window, page, ids = world
    field = target(qtbot, page)
    type_text(field, TYPED)
    window.idle.idle.emit()  # what the idle timer emits after the set minutes
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    window.shutdown()
    assert TYPED in stored(vault_path, ids, target)


@pytest.mark.parametrize("target", EDITORS, ids=lambda t: t.__name__)
def test_ctrl_tab_from_the_field_saves_it(qtbot, world, target):
    window, page, ids = world
    field = target(qtbot, page)
    type_text(field, TYPED)
    before = page.current_tab_key()
    QTest.keyClick(field, Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() != before
    assert not window.autosaver.has_pending  # the other tab shows what is stored, nothing waits
    assert TYPED in read(window.session.vault, ids, target)


@pytest.mark.parametrize("target", EDITORS, ids=lambda t: t.__name__)
def test_ctrl_q_inside_the_field(qtbot, world, vault_path, target):
    window, page, ids = world
    field = target(qtbot, page)
    type_text(field, TYPED)
    QTest.keyClick(field, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not window.session.has_lock
    assert TYPED in stored(vault_path, ids, target)


@pytest.mark.parametrize("target", list(PRINTABLE), ids=lambda t: t.__name__)
def test_ctrl_p_inside_the_field_prints_what_was_typed(qtbot, world, target, monkeypatch):
    window, page, ids = world

    def exec_(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=20000)
        dialog.printed = True  # as if sent to the printer
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    field = target(qtbot, page)
    type_text(field, TYPED)
    QTest.keyClick(field, Qt.Key.Key_P, CTRL)  # the button's shortcut "clicks" it 100 ms later
    _tab, key = PRINTABLE[target]
    log = pr.PrintLog(window.session.vault)
    qtbot.waitUntil(lambda: log.latest(ids[key]) is not None, timeout=20000)
    record = log.latest(ids[key])
    assert TYPED in log.snapshot(ids[key], record.version).to_json()
