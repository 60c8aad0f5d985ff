"""Contact lists as tables over the document's own list: the participant's kontaktpersoner
and the Individuell plan's Kontaktlista. Typed like a person: into the real cell editor
with key events, then a lock, a print or a quit from inside the open cell; then the
vault is read."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QScrollArea
from pypdf import PdfReader

from kartlaggning import i18n
from kartlaggning.config import AppConfig
from kartlaggning.models import Contact, IndividuellPlan, Participant
from kartlaggning.models.errors import ValidationError
from kartlaggning.models.fields import MAX_NAME
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.plans import printing
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_text, unlock

CTRL = Qt.KeyboardModifier.ControlModifier
ROLE, NAMN, TELEFON = 0, 1, 2  # the Kontaktlista's columns


@pytest.fixture
def world(qtbot, vault_path, monkeypatch):
    # Closing with unsaved input asks first: never block on the modal box (a failed test
    # closes its window with the bad text still in it).
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    v, _ = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Kontakt Testsson", personnummer=make_pnr(21), adress="Gatan 1",
                    kontaktpersoner=[Contact("Kim Testsson", "bror", "070-111 11 11")])
    v.repo.save_participant(p)
    plan = IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer,
                           upprattad=date(2026, 11, 2))
    v.repo.save_document(plan)
    v.close()
    window = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.start()
    unlock(qtbot, window)
    page = window.open_participant(p.id)
    yield window, page, {"participant": p.id, "plan": plan.id}
    window.shutdown()


def _visible(qtbot, widget) -> None:
    scroll = widget.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:  # as the user scrolls down to it
        scroll.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()
    qtbot.waitUntil(widget.isVisible, timeout=3000)


def open_cell(qtbot, view, row: int, column: int) -> QLineEdit:
    """Click the cell, double-click it: its editor opens with the cursor in it."""
    _visible(qtbot, view)
    view.scrollTo(view.model().index(row, column))
    rect = view.visualRect(view.model().index(row, column))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                    and view.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    return QApplication.focusWidget()


def replace_text(cell_editor: QLineEdit, text: str) -> None:
    QTest.keyClick(cell_editor, Qt.Key.Key_A, CTRL)
    type_text(cell_editor, text)


def lock_from(qtbot, window, widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)


def stored_after_shutdown(window, vault_path, ids):
    window.shutdown()  # the window holds the vault's lock file, locked or not
    with Vault.open(vault_path, PASSPHRASE) as v:
        return v.repo.get_participant(ids["participant"]), v.repo.get_document(ids["plan"])


def plan_editor(qtbot, page):
    page.set_current_tab(ParticipantPage.TAB_PLANS)
    documents = page.tab_widget(ParticipantPage.TAB_PLANS)
    editor = documents.plan
    qtbot.waitUntil(lambda: editor.isVisible() and editor.doc is not None, timeout=3000)
    return editor


def too_long(length: int, limit: int) -> str:
    return ValidationError("x", "too_long", length=length, limit=limit).message


# ---- the participant's kontaktpersoner ---------------------------------------------------------

def test_a_contact_typed_into_the_table_survives_lock_and_unlock(qtbot, world, vault_path):
    window, page, ids = world
    contacts = page.form.contacts
    _visible(qtbot, contacts.add_button)
    QTest.mouseClick(contacts.add_button, Qt.MouseButton.LeftButton)  # a new row, the cursor in its Namn
    qtbot.waitUntil(lambda: contacts.view.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    assert contacts.view.currentIndex().row() == 1
    type_text(QApplication.focusWidget(), "Åsa Testsson")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "syster")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    cell = QApplication.focusWidget()
    type_text(cell, "070-222 22 22")
    assert cell.isVisible() and contacts.view.state() == contacts.view.State.EditingState  # still in the cell
    lock_from(qtbot, window, cell)

    unlock(qtbot, window)
    expected = [Contact("Kim Testsson", "bror", "070-111 11 11"), Contact("Åsa Testsson", "syster", "070-222 22 22")]
    assert window.session.repo.get_participant(ids["participant"]).kontaktpersoner == expected
    form = window.participant_page.form  # the page is back, showing what is stored
    assert form.contacts.contacts() == expected
    assert [form.contacts.model.text(1, c) for c in range(3)] == ["Åsa Testsson", "syster", "070-222 22 22"]
    participant, _plan = stored_after_shutdown(window, vault_path, ids)
    assert participant.kontaktpersoner == expected


def test_editing_a_stored_contact_in_its_cell_is_saved_by_ctrl_q(qtbot, world, vault_path):
    window, page, ids = world
    cell = open_cell(qtbot, page.form.contacts.view, 0, 2)
    assert cell.text() == "070-111 11 11"
    replace_text(cell, "070-999 99 99")
    QTest.keyClick(cell, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    participant, _plan = stored_after_shutdown(window, vault_path, ids)
    assert participant.kontaktpersoner == [Contact("Kim Testsson", "bror", "070-999 99 99")]


def test_the_idle_lock_and_ctrl_tab_inside_a_contact_cell_keep_it(qtbot, world, vault_path):
    window, page, ids = world
    cell = open_cell(qtbot, page.form.contacts.view, 0, 1)
    replace_text(cell, "kusin")
    before = page.current_tab_key()
    QTest.keyClick(cell, Qt.Key.Key_Tab, CTRL)  # to the next tab, from inside the cell
    assert page.current_tab_key() != before and not window.autosaver.has_pending
    assert window.session.repo.get_participant(ids["participant"]).kontaktpersoner[0].relation == "kusin"
    page.set_current_tab(ParticipantPage.TAB_PARTICIPANT)
    cell = open_cell(qtbot, page.form.contacts.view, 0, 1)
    replace_text(cell, "moster")
    window.idle.idle.emit()  # what the idle timer emits after the set minutes
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    participant, _plan = stored_after_shutdown(window, vault_path, ids)
    assert participant.kontaktpersoner == [Contact("Kim Testsson", "moster", "070-111 11 11")]


def test_a_too_long_name_shows_its_error_and_keeps_the_text(qtbot, world):
    window, page, ids = world
    form = page.form
    name = "Kim " + "x" * MAX_NAME  # one name over the limit
    cell = open_cell(qtbot, form.contacts.view, 0, 0)
    replace_text(cell, name)
    message = i18n._("Row {row}: {message}").format(row=1, message=too_long(len(name), MAX_NAME))
    assert form.fields["kontaktpersoner"].row.error() == message  # at once, with its row
    assert cell.text() == name and form.contacts.model.text(0, 0) == name  # nothing cut
    window.autosaver.flush()
    assert window.session.repo.get_participant(ids["participant"]).kontaktpersoner == [
        Contact("Kim Testsson", "bror", "070-111 11 11")]  # the stored contacts stay as they were

    lock_from(qtbot, window, cell)  # from inside the cell: what was typed is kept over the lock
    unlock(qtbot, window)
    form = window.participant_page.form
    assert form.contacts.model.text(0, 0) == name
    assert form.fields["kontaktpersoner"].row.error() == message

    cell = open_cell(qtbot, form.contacts.view, 0, 0)
    replace_text(cell, "Kim Testsson-Kortare")  # corrected: the error goes, the name is saved
    assert form.fields["kontaktpersoner"].row.error() == ""
    assert window.autosaver.flush()
    assert window.session.repo.get_participant(ids["participant"]).kontaktpersoner[0].namn == "Kim Testsson-Kortare"


def test_empty_rows_are_left_out_and_a_removed_row_is_gone(qtbot, world):
    window, page, ids = world
    contacts = page.form.contacts
    _visible(qtbot, contacts.add_button)
    QTest.mouseClick(contacts.add_button, Qt.MouseButton.LeftButton)  # a row left empty
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 2, timeout=3000)
    assert window.autosaver.flush()
    assert len(window.session.repo.get_participant(ids["participant"]).kontaktpersoner) == 1
    open_cell(qtbot, contacts.view, 0, 0)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete, CTRL)  # "Ta bort rad"
    assert contacts.raw() == [("", "", "")]
    assert window.autosaver.flush()
    assert window.session.repo.get_participant(ids["participant"]).kontaktpersoner == []


# ---- the plan's Kontaktlista -----------------------------------------------------------------

def test_the_role_column_cannot_be_edited(qtbot, world):
    window, page, ids = world
    editor = plan_editor(qtbot, page)
    table = editor.kontakter
    assert table.add_button is None and table.buttons == []  # fixed rows: one per role
    roles = [c.roll for c in editor.doc.kontakter]
    view = table.table
    _visible(qtbot, view)
    rect = view.visualRect(table.model.index(2, ROLE))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QApplication.processEvents()
    assert view.state() != view.State.EditingState and not isinstance(QApplication.focusWidget(), QLineEdit)
    type_text(view, "Chef")  # typing on the role cell starts no editor either
    assert view.state() != view.State.EditingState
    assert table.model.text(2, ROLE) == "Handläggare Arbetsförmedlingen"
    assert table.model.index(2, ROLE).data(Qt.ItemDataRole.ToolTipRole) == i18n._("Case worker, Arbetsförmedlingen")
    assert not table.model.setData(table.model.index(2, ROLE), "Chef")
    assert window.autosaver.flush()
    assert [c.roll for c in window.session.repo.get_document(ids["plan"]).kontakter] == roles

    cell = open_cell(qtbot, view, 0, NAMN)  # Tab goes over the editable cells only
    QTest.keyClick(cell, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, TELEFON)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, NAMN)
    assert QApplication.focusWidget().accessibleName() == "Handläggare försörjningsstöd: Namn"


def test_a_typed_plan_contact_phone_is_printed(qtbot, world, monkeypatch):
    window, page, ids = world

    shown = []  # the PDF the preview shows, which is what goes to the printer

    def exec_(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=20000)
        dialog.printed = True  # as if sent to the printer
        return QDialog.DialogCode.Accepted
    set_pdf = printing.PdfPreviewDialog.set_pdf

    def keep_pdf(dialog, pdf, complete=True):
        if complete:
            shown.append(pdf)
        set_pdf(dialog, pdf, complete)
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", exec_)
    monkeypatch.setattr(printing.PdfPreviewDialog, "set_pdf", keep_pdf)
    editor = plan_editor(qtbot, page)
    cell = open_cell(qtbot, editor.kontakter.table, 2, TELEFON)  # Handläggare Arbetsförmedlingen
    type_text(cell, "010-123 45 67")
    QTest.keyClick(cell, Qt.Key.Key_P, CTRL)  # from inside the open cell
    log = pr.PrintLog(window.session.vault)
    qtbot.waitUntil(lambda: log.latest(ids["plan"]) is not None, timeout=20000)
    content = log.snapshot(ids["plan"], log.latest(ids["plan"]).version)
    assert content.document.contact("arbetsformedlingen").telefon == "010-123 45 67"
    assert shown
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(shown[-1])).pages)
    assert "010-123 45 67" in text
    assert window.session.repo.get_document(ids["plan"]).contact("arbetsformedlingen").telefon == "010-123 45 67"


def test_ctrl_l_inside_a_plan_contact_cell_keeps_it(qtbot, world, vault_path):
    window, page, ids = world
    editor = plan_editor(qtbot, page)
    cell = open_cell(qtbot, editor.kontakter.table, 3, NAMN)  # Studie- och yrkesvägledare
    type_text(cell, "Vera Vägledare")
    lock_from(qtbot, window, cell)
    _participant, plan = stored_after_shutdown(window, vault_path, ids)
    assert (plan.contact("syv").namn, plan.contact("syv").telefon) == ("Vera Vägledare", "")


def test_a_too_long_plan_contact_is_kept_with_its_row_error(qtbot, world):
    window, page, ids = world
    editor = plan_editor(qtbot, page)
    name = "y" * (MAX_NAME + 5)
    cell = open_cell(qtbot, editor.kontakter.table, 1, NAMN)
    type_text(cell, name)
    assert editor.kontakter.error.text().startswith(
        i18n._("Row {row}: {message}").format(row=2, message=too_long(len(name), MAX_NAME)))
    assert editor.kontakter.error.isVisible()
    assert cell.text() == name and editor.kontakter.model.text(1, NAMN) == name
    assert window.autosaver.flush()
    assert window.session.repo.get_document(ids["plan"]).contact("forsorjningsstod").namn == ""
    from kartlaggning.storage.drafts import Drafts
    drafts = Drafts(window.session.vault).of(ids["plan"])
    assert drafts["kontakter[1].namn"].text == name  # kept in the vault as the field's draft
    lock_from(qtbot, window, cell)
    unlock(qtbot, window)
    editor = plan_editor(qtbot, window.participant_page)  # and shown again in its cell, with its error
    assert editor.kontakter.model.text(1, NAMN) == name
    assert editor.kontakter.error.isVisible() and editor.kontakter.error.text().startswith(
        i18n._("Row {row}: {message}").format(row=2, message=too_long(len(name), MAX_NAME)))


# ---- every form table: Tab leaves it after the last cell -----------------------------------------

def test_tab_after_the_last_delmal_cell_goes_on_instead_of_round(qtbot, world):
    window, page, ids = world
    editor = plan_editor(qtbot, page)
    table = editor.delmal
    last = table.model.rowCount() - 1
    cell = open_cell(qtbot, table.table, last, 0)
    type_text(cell, "Sista delmålet")
    QTest.keyClick(cell, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table.add_button  # not row 1 again
    assert window.autosaver.flush()
    assert window.session.repo.get_document(ids["plan"]).delmal[-1] == "Sista delmålet"


def test_a_too_long_contact_survives_quit_and_restart_as_a_draft(qtbot, world, vault_path):
    """Rows of text that cannot be saved are kept encrypted in the vault as the field's
    draft (JSON of the rows), not only in memory over a lock."""
    window, page, ids = world
    form = page.form
    name = "Kim " + "y" * MAX_NAME
    cell = open_cell(qtbot, form.contacts.view, 0, 0)
    replace_text(cell, name)
    QTest.keyClick(cell, Qt.Key.Key_Q, CTRL)  # quit from inside the cell
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.repo.get_participant(ids["participant"]).kontaktpersoner[0].namn == "Kim Testsson"
        from kartlaggning.storage.drafts import Drafts
        assert name in Drafts(v).of(ids["participant"])["kontaktpersoner"].text

    again = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(again)
    again.resize(1400, 900)
    again.show()
    again.start()
    unlock(qtbot, again)
    form = again.open_participant(ids["participant"]).form
    assert form.contacts.model.text(0, 0) == name
    assert form.fields["kontaktpersoner"].row.error().startswith(i18n._("Row {row}: {message}").format(
        row=1, message=""))
    again.shutdown()
