"""Text typed into a plan table's cell editor is the participant's words the moment it
is typed: a lock (Ctrl+L) or a print (Ctrl+P) from inside the open cell keeps it.
Real key events into the real cell editor, then the action without leaving the cell."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea

from kartlaggning.config import AppConfig
from kartlaggning.models import IndividuellPlan, Participant
from kartlaggning.storage import Vault
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_text, unlock


@pytest.fixture
def plan_window(qtbot, vault_path):
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Cell Testsson", personnummer=make_pnr(5))
    v.repo.save_participant(p)
    plan = IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer, upprattad=date(2026, 11, 2))
    v.repo.save_document(plan)
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.start()
    unlock(qtbot, window)
    page = window.open_participant(p.id)
    page.set_current_tab("plans")
    editor = page.tab_widget("plans").plan
    qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=5000)
    yield window, editor, plan.id
    window.shutdown()


def _open_cell_and_type(qtbot, table, row: int, text: str) -> QLineEdit:
    scroll = table.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:  # the editor page scrolls, as the user would scroll down to the table
        scroll.ensureWidgetVisible(table, 0, 0)
        QApplication.processEvents()
    table.scrollTo(table.model().index(row, 0))
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    cell_editor = QApplication.focusWidget()
    type_text(cell_editor, text)
    assert cell_editor.text() == text and cell_editor.isVisible()  # still inside the open cell
    return cell_editor


def _stored(window, vault_path, plan_id):
    window.shutdown()  # the locked window still holds the vault's lock file
    with Vault.open(vault_path, PASSPHRASE) as v:
        return v.repo.get_document(plan_id)


def test_ctrl_l_inside_an_open_delmal_cell_keeps_what_was_typed(qtbot, plan_window, vault_path):
    window, editor, plan_id = plan_window
    cell_editor = _open_cell_and_type(qtbot, editor.delmal.table, 0, "Truckkort på lager")
    QTest.keyClick(cell_editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    assert _stored(window, vault_path, plan_id).delmal == ["Truckkort på lager"]


def test_print_from_inside_an_open_ansvar_cell_prints_what_was_typed(qtbot, plan_window, vault_path, monkeypatch):
    window, editor, plan_id = plan_window
    assert editor.ansvar.model.rowCount() == 0  # no lines on this form: "Lägg till rad" opens one
    QTest.mouseClick(editor.ansvar.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    cell_editor = QApplication.focusWidget()
    type_text(cell_editor, "Söka praktik")
    assert cell_editor.isVisible() and editor.ansvar.table.state() == editor.ansvar.table.State.EditingState
    content = editor.content_for_print()  # what "Skriv ut…" prints: saved first, then read back
    assert content is not None and [a.atgard for a in content.document.ansvarsfordelning] == ["Söka praktik"]
    assert [a.atgard for a in _stored_after_close(window, vault_path, plan_id).ansvarsfordelning] == ["Söka praktik"]


def _stored_after_close(window, vault_path, plan_id):
    window.lock()
    return _stored(window, vault_path, plan_id)


def test_a_bad_date_does_not_keep_the_mal_from_being_saved(qtbot, plan_window, vault_path):
    """A bad "signerad" date and a typed mål, then Ctrl+L: the mål is saved; the date
    keeps its last good value (empty here) and the field says what is wrong until then."""
    window, editor, plan_id = plan_window
    date_field = editor.signerad.line_edit
    date_field.setFocus()
    type_text(date_field, "2026-13-45")
    qtbot.waitUntil(lambda: editor._errors != [], timeout=3000)
    editor.mal.setFocus()
    type_text(editor.mal, "Arbete som kock")
    QTest.keyClick(editor.mal, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    stored = _stored(window, vault_path, plan_id)
    assert stored.mal == "Arbete som kock" and stored.signerad is None


def test_date_cells_do_not_show_their_text_selected(qtbot, vault_path):
    """A table's date cells are open date fields; none shows its date highlighted as if
    about to be typed over (Qt selects an opened editor's text)."""
    from kartlaggning.models import Ansvar
    from kartlaggning.ui.widgets import OptionalDateEdit
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Datum Testsson", personnummer=make_pnr(6))
    v.repo.save_participant(p)
    v.repo.save_document(IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer,
                                         upprattad=date(2026, 11, 2),
                                         ansvarsfordelning=[Ansvar("CV", "Testa", date(2026, 12, 1)),
                                                            Ansvar("Truckkort", "AF", date(2027, 1, 15))]))
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.show()
    window.start()
    unlock(qtbot, window)
    page = window.open_participant(p.id)
    page.set_current_tab("plans")
    editor = page.tab_widget("plans").plan
    qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=5000)
    dates = [w for w in editor.ansvar.findChildren(OptionalDateEdit) if w.text()]
    assert [w.text() for w in dates] == ["2026-12-01", "2027-01-15"]
    assert not any(w.line_edit.hasSelectedText() for w in dates)
    window.shutdown()
