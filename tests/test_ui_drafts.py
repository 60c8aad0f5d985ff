"""Text that cannot be saved as a value is never lost: it is kept, encrypted in the
vault, as a draft of its field, survives lock and restart, is shown again at its field
with the reason, and goes only when the user corrects or discards it. The other fields
are saved meanwhile. Real key events into the real editors, then the action at once."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kartlaggning import i18n
from kartlaggning.config import AppConfig
from kartlaggning.models import IndividuellPlan, Participant
from kartlaggning.storage import Vault
from kartlaggning.storage.drafts import Drafts
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_into, unlock
from test_ui_plan_cells import _open_cell_and_type


@pytest.fixture
def setup(qtbot, vault_path):
    i18n.set_language("en")
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Utkast Testsson", personnummer=make_pnr(7))
    v.repo.save_participant(p)
    plan = IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer, upprattad=date(2026, 11, 2),
                           mal="Gammalt mål")
    v.repo.save_document(plan)
    v.close()
    windows = []

    def open_plan():
        window = MainWindow(Session(vault_path), AppConfig())
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.start()
        unlock(qtbot, window)
        page = window.open_participant(p.id)
        page.set_current_tab("plans")
        editor = page.tab_widget("plans").plan
        qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=5000)
        return window, editor

    yield open_plan, plan.id
    for w in windows:
        w.shutdown()


def stored(vault_path, plan_id):
    with Vault.open(vault_path, PASSPHRASE) as v:
        return v.repo.get_document(plan_id), Drafts(v).of(plan_id)


def test_a_bad_date_is_a_draft_through_lock_and_restart_while_the_mal_is_saved(qtbot, setup, vault_path):
    open_plan, plan_id = setup
    window, editor = open_plan()
    type_into(editor.mal, "Arbete inom lager", replace=True)
    type_into(editor.signerad.line_edit, "2026-13-45")
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # lock from the field
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)

    unlock(qtbot, window)  # back where we were: the date as typed, with its message
    editor = window.participant_page.tab_widget("plans").plan
    qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=5000)
    assert editor.signerad.text() == "2026-13-45"
    assert editor.mal.toPlainText() == "Arbete inom lager"
    assert "kept as a draft" in editor.print_bar.drafts_label.text() and editor.print_bar.drafts_label.isVisible()
    window.close()  # quit: the program is started again

    doc, drafts = stored(vault_path, plan_id)
    assert doc.mal == "Arbete inom lager" and doc.signerad is None  # the other field saved, the bad one not
    assert drafts["signerad"].text == "2026-13-45" and drafts["signerad"].code == "bad_date"

    window, editor = open_plan()
    assert editor.signerad.text() == "2026-13-45"
    messages = [label.text() for label in editor.findChildren(type(editor.mal_error)) if label.isVisible()]
    assert any("2026-13-45" in m and "kept as a draft" in m for m in messages)
    # corrected: the draft goes, the date is the value
    type_into(editor.signerad.line_edit, "2026-11-20",
              replace=True)
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    window.shutdown()
    doc, drafts = stored(vault_path, plan_id)
    assert doc.signerad == date(2026, 11, 20) and drafts == {}


def test_a_too_long_paste_into_a_delmal_cell_is_kept_and_can_be_discarded(qtbot, setup, vault_path):
    open_plan, plan_id = setup
    window, editor = open_plan()
    cell_editor = _open_cell_and_type(qtbot, editor.delmal.table, 0, "Truck")
    QGuiApplication.clipboard().setText("x" * 20_005)
    QTest.keyClick(cell_editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste into the open cell
    assert len(cell_editor.text()) > 20_000
    QTest.keyClick(cell_editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    QGuiApplication.clipboard().clear()
    window.shutdown()
    doc, drafts = stored(vault_path, plan_id)
    assert doc.mal == "Gammalt mål" and doc.delmal == [""]  # a row's bad cell is blank as a value
    assert drafts["delmal[0]"].text == "Truck" + "x" * 20_005 and drafts["delmal[0]"].code == "too_long"

    window, editor = open_plan()
    assert editor.delmal.rows()[0][0] == "Truck" + "x" * 20_005  # back in its cell
    assert "Row 1" in editor.delmal.error.text()
    QTest.mouseClick(editor.print_bar.discard_drafts_button, Qt.MouseButton.LeftButton)
    assert editor.delmal.rows() == []  # the saved (blank) value is back
    assert not editor.print_bar.drafts_label.isVisible()
    window.shutdown()
    _doc, drafts = stored(vault_path, plan_id)
    assert drafts == {}


def test_drafts_go_with_their_participant(vault, participant):
    from kartlaggning.models.errors import ValidationError
    from kartlaggning.services import records
    vault.repo.save_participant(participant)
    Drafts(vault).keep(participant.id, "doc-1", "mal", "a\x00b", ValidationError("mal", "control_chars"))
    assert Drafts(vault).of("doc-1")["mal"].text == "a\x00b"  # exactly as typed, NUL and all
    records.delete_participant(vault.repo, participant.id)
    assert Drafts(vault).of("doc-1") == {}


def test_a_participant_fields_draft_survives_a_restart(qtbot, vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Form Testsson", personnummer=make_pnr(8))
    v.repo.save_participant(p)
    v.close()

    def open_form():
        window = MainWindow(Session(vault_path), AppConfig())
        qtbot.addWidget(window)
        window.show()
        window.start()
        unlock(qtbot, window)
        page = window.open_participant(p.id)
        page.set_current_tab(page.TAB_PARTICIPANT)
        return window, page.form

    window, form = open_form()
    type_into(form._line("adress"), "Storgatan 3")
    type_into(form.fields["referral.received"].row.field.line_edit, "2026-02-31")  # no such day
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # quit from the field
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.repo.get_participant(p.id).adress == "Storgatan 3"
        assert Drafts(v).of(p.id)["referral.received"].text == "2026-02-31"
    window, form = open_form()
    assert form.fields["referral.received"].row.field.text() == "2026-02-31"
    assert "2026-02-31" in form.fields["referral.received"].row.error()
    window.shutdown()


# ---- the wizard: a removed entry's draft goes; a samtal note's draft stays with its samtal ----------

def test_removing_an_entry_drops_its_draft_and_undo_keeps_it(qtbot, vault, participant):
    from test_ui_wizard import FakeClock, FakeWall, make_wizard
    from datetime import datetime
    vault.repo.save_participant(participant)
    clocks = (FakeClock(), FakeWall(datetime(2026, 3, 2, 9, 0)))
    w = make_wizard(qtbot, vault.repo, participant.id, clocks)
    w.go_to_area("psykiska")
    column = w.individ_page.editors["psykiska"].hinder
    row = column.add_entry()
    row.edit.setPlainText("z" * 20_001)
    assert w.flush()
    kid = w.ctx.kid
    assert list(Drafts(vault).of(kid)) == [row.draft_path]
    column.remove_row(row)
    assert w.flush() and Drafts(vault).of(kid) == {}  # no draft left for an entry that is gone
    column.undo_removal()
    assert w.flush() and list(Drafts(vault).of(kid)) == [column.rows[0].draft_path]


def test_a_samtal_note_that_cannot_be_saved_keeps_the_samtal_running(qtbot, vault, participant):
    from test_ui_wizard import FakeClock, FakeWall, make_wizard
    from datetime import datetime
    vault.repo.save_participant(participant)
    clocks = (FakeClock(), FakeWall(datetime(2026, 3, 2, 9, 0)))
    w = make_wizard(qtbot, vault.repo, participant.id, clocks)
    samtal = w.start_samtal()
    w.samtal_page.note.editor.setPlainText("n" * 20_001)
    assert w.flush()
    assert Drafts(vault).of(w.ctx.kid)[f"samtal:note:{samtal.id}"].text == "n" * 20_001
    assert w.end_samtal() is None and w.samtal_page.running is samtal  # not ended: the note has nowhere to go
    again = make_wizard(qtbot, vault.repo, participant.id, clocks)  # reopened: the note is back with its samtal
    assert again.samtal_page.note.text() == "n" * 20_001
    again.samtal_page.note.editor.setPlainText("kort anteckning")
    assert again.end_samtal() is not None and again.flush()
    assert Drafts(vault).of(w.ctx.kid) == {}
