"""The method after the plans in the window: Matchning, the workplace register,
Arbetsträning with its schema and printout, Uppföljningar.

The GUI tests type and click like a person: real key events into the real fields and
cell editors, real clicks on buttons, radio buttons and check boxes; then a lock
(Ctrl+L) from inside the field, without leaving it, and a look at what the vault holds.
Modal dialogs are driven in place of ``exec`` (never waited on)."""
from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QApplication, QFileDialog, QGroupBox, QLabel, QLineEdit, QMessageBox,
                               QScrollArea)
from pypdf import PdfReader

from kartlaggning import cli, i18n
from kartlaggning.config import AppConfig
from kartlaggning.models import GridEntry, Participant, Utvecklingsplan
from kartlaggning.models.method import (Arbetstraning, Matchning, MatchningBeslut, SchemaSteg, Uppfoljning,
                                        Workplace)
from kartlaggning.services import method
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.storage.drafts import Drafts
from kartlaggning.ui.autosave import Autosaver
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.plans.arbetstraning_editor import ArbetstraningEditor
from kartlaggning.ui.plans.workplaces_dialog import WorkplacesDialog
from kartlaggning.ui.session import Session

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import type_text, unlock

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


# ---- a participant mapped and matched, in the real window ---------------------------------------

def _fill(repo, stage: str = "mapped") -> dict:
    """A participant with a kartläggning (three resurser, a hinder) and two workplaces; from
    stage "matched" a matchning to Lagret, from "training" an arbetsträning with a schema
    and an Utvecklingsplan."""
    p = Participant(namn="Mika Metod", personnummer=make_pnr(7), adress="Gatan 7")
    p.referral.omfattning_procent = 50
    repo.save_participant(p)
    pr.save_handlaggare(repo, pr.Handlaggare("Hanna Handläggare", "0123-44 44 44"))
    k = repo.new_kartlaggning(p.id)
    k.area("arbete").resurser.append(GridEntry("Truckkort"))
    k.area("utbildning").resurser.append(GridEntry("Gymnasieexamen"))
    k.area("sociala").resurser.append(GridEntry("Stöttande familj"))
    k.area("kroppsfunktioner").hinder.append(GridEntry("Ont i ryggen"))
    repo.save_kartlaggning(k)
    lagret = Workplace(arbetsplats="Lagret", adress="Hamnvägen 2", handledare="Pia Prov",
                       handledare_telefon="070-000 00 01", arbetsuppgifter="Plock och pack",
                       anpassningar="Inga tunga lyft")
    repo.save_workplace(lagret)
    repo.save_workplace(Workplace(arbetsplats="Återbruket", handledare="Åke Åkesson"))
    ids = {"participant": p.id, "kartlaggning": k.id, "lagret": lagret.id, "pnr": p.personnummer,
           "resurser": {text: entry_id for entry_id, _area, kind, text in method.basis(repo, p.id)
                        if kind == "resurs"}}
    if stage in ("matched", "training"):
        m = Matchning(participant_id=p.id, datum=date(2026, 12, 1), beslut=MatchningBeslut.ARBETSTRANING,
                      workplace_id=lagret.id)
        repo.save_document(m)
        ids["matchning"] = m.id
    if stage == "training":
        t = Arbetstraning(participant_id=p.id, datum=date(2027, 1, 4), till=date(2027, 6, 30), workplace_id=lagret.id,
                          arbetsplats="Lagret", handledare="Pia Prov", arbetsuppgifter="Plock och pack",
                          schema=[SchemaSteg(date(2027, 1, 4), 25, 2.0), SchemaSteg(date(2027, 2, 1), 50, 4.0)])
        repo.save_document(t)
        plan = Utvecklingsplan(participant_id=p.id, datum=date(2027, 1, 20), utvecklingsomraden="Passa tider",
                               mitt_ansvar="Två väckarklockor")
        repo.save_document(plan)
        ids["arbetstraning"], ids["utv"] = t.id, plan.id
    return ids


@pytest.fixture
def make_world(qtbot, vault_path):
    windows = []

    def make(stage: str = "mapped"):
        v, _ = Vault.create(vault_path, PASSPHRASE)
        ids = _fill(v.repo, stage)
        v.close()
        window = MainWindow(Session(vault_path), AppConfig())
        qtbot.addWidget(window)
        window.resize(1400, 1000)
        window.show()
        window.start()
        unlock(qtbot, window)
        page = window.open_participant(ids["participant"])
        windows.append(window)
        return window, page, ids

    yield make
    for window in windows:
        window.shutdown()


def documents_tab(page):
    page.set_current_tab(ParticipantPage.TAB_PLANS)
    return page.tab_widget(ParticipantPage.TAB_PLANS)


def sub_tab(qtbot, page, which: str):
    """Click the Plans tab's sub-tab ``which`` (an attribute of the DocumentsTab)."""
    documents = documents_tab(page)
    editor = getattr(documents, which)
    bar = documents.tabs.tabBar()
    QTest.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(editor)).center())
    qtbot.waitUntil(editor.isVisible, timeout=3000)
    return editor


def visible(qtbot, widget):
    scroll = widget.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:
        scroll.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()
    qtbot.waitUntil(widget.isVisible, timeout=3000)
    return widget


def click(qtbot, widget, pos: QPoint | None = None):
    visible(qtbot, widget)
    assert widget.isEnabled(), widget
    QTest.mouseClick(widget, LEFT, pos=pos or widget.rect().center())


def active(qtbot, widget) -> None:
    """The widget's window is the active one again (after a popup or a dialog closed)."""
    window = widget.window()
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def click_into(qtbot, widget):
    """Click into a text field (or a text box's viewport) and go to its end."""
    visible(qtbot, widget)
    active(qtbot, widget)
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    QTest.mouseClick(target, LEFT, pos=target.rect().center())
    widget.setFocus()  # offscreen, a click gives no focus to a window the platform did not activate
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    QTest.keyClick(widget, Qt.Key.Key_End, CTRL if hasattr(widget, "viewport") else Qt.KeyboardModifier.NoModifier)
    return widget


def replace_text(qtbot, widget, text: str):
    """Click into a line, select all of it, type ``text`` over it."""
    click_into(qtbot, widget)
    QTest.keyClick(widget, Qt.Key.Key_A, CTRL)
    type_text(widget, text)
    return widget


def open_cell(qtbot, table, row: int, column: int) -> QLineEdit:
    """Click a text cell and open its editor (as a double click does)."""
    visible(qtbot, table)
    view = table.table
    index = table.model.index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    QTest.mouseClick(view.viewport(), LEFT, pos=rect.center())
    QTest.mouseDClick(view.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                    and QApplication.focusWidget().parent() is view.viewport(), timeout=3000)
    return QApplication.focusWidget()


def type_in_cell(qtbot, table, row: int, column: int, text: str) -> QLineEdit:
    editor = open_cell(qtbot, table, row, column)
    QTest.keyClick(editor, Qt.Key.Key_A, CTRL)
    type_text(editor, text)
    return editor


def type_in_date_cell(qtbot, table, row: int, text: str, column: int = 0):
    """A date cell shows its date field all the time: click into it, type the date."""
    edit = table.table.indexWidget(table.model.index(row, column))
    return replace_text(qtbot, edit.line_edit, text)


def lock_from(qtbot, window, field) -> None:
    """Ctrl+L from inside the field, without leaving it; the vault closes."""
    QTest.keyClick(field, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
    window.shutdown()


def stored(vault_path, read):
    with Vault.open(vault_path, PASSPHRASE) as v:
        return read(v.repo)


def answer_questions(monkeypatch, *answers):
    """QMessageBox.question answered in turn (the texts asked are collected)."""
    asked, queue = [], list(answers)

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return queue.pop(0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


# ---- Matchning ---------------------------------------------------------------------------------

def test_a_matchning_to_a_workplace_of_the_register_resting_on_two_resurser(qtbot, make_world, vault_path):
    window, page, ids = make_world()
    editor = sub_tab(qtbot, page, "matchning")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    radio = editor.beslut_buttons[MatchningBeslut.ARBETSTRANING]
    click(qtbot, radio)
    assert radio.isChecked()
    qtbot.waitUntil(editor.workplace.isVisible, timeout=3000)
    # the register in Swedish order after "none chosen": Lagret, Återbruket
    assert [editor.workplace.itemText(i) for i in range(editor.workplace.count())][1:] == ["Lagret", "Återbruket"]
    click(qtbot, editor.workplace)  # opens the list; a person picks with the keys
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    QTest.keyClick(editor.workplace, Qt.Key.Key_Down)
    assert editor.workplace.currentData() == ids["lagret"]
    assert "Pia Prov" in editor.workplace_info.text()
    # resurser come first in the basis list, with the Resurser heading above them
    lines = editor.basis_items()
    assert [editor.basis.item(0).text()] == [i18n._("Resources")]
    texts = [i.text().split(": ", 1)[1] for i in lines]
    assert texts.index("Ont i ryggen") == len(texts) - 1
    view = editor.basis
    visible(qtbot, view)
    truck = next(i for i in lines if i.text().endswith("Truckkort"))
    family = next(i for i in lines if i.text().endswith("Stöttande familj"))
    rect = view.visualItemRect(truck)  # a click on its check box
    QTest.mouseClick(view.viewport(), LEFT, pos=QPoint(rect.left() + rect.height() // 2 + 2, rect.center().y()))
    assert truck.checkState() == Qt.CheckState.Checked
    rect = view.visualItemRect(family)  # the line chosen, then Space
    QTest.mouseClick(view.viewport(), LEFT, pos=QPoint(rect.right() - 20, rect.center().y()))
    QTest.keyClick(view.viewport(), Qt.Key.Key_Space)
    assert family.checkState() == Qt.CheckState.Checked
    type_text(click_into(qtbot, editor.onskemal), "Vill arbeta med händerna")
    field = click_into(qtbot, editor.motivering)
    type_text(field, "Truckkortet och familjens stöd bär; ryggen kräver anpassning.")
    lock_from(qtbot, window, field)

    m = stored(vault_path, lambda repo: repo.documents(ids["participant"], "matchning")[0])
    assert m.beslut == MatchningBeslut.ARBETSTRANING and m.workplace_id == ids["lagret"]
    assert sorted(m.grundas_pa) == sorted([ids["resurser"]["Truckkort"], ids["resurser"]["Stöttande familj"]])
    assert m.motivering == "Truckkortet och familjens stöd bär; ryggen kräver anpassning."
    assert m.egna_onskemal == "Vill arbeta med händerna"


def test_an_education_keeps_its_detail_and_unticking_a_line_is_saved(qtbot, make_world, vault_path):
    window, page, ids = make_world("matched")
    editor = sub_tab(qtbot, page, "matchning")
    click(qtbot, editor.beslut_buttons[MatchningBeslut.UTBILDNING])
    field = replace_text(qtbot, editor.utbildning, "Truckförarutbildning, Komvux")
    lock_from(qtbot, window, field)
    m = stored(vault_path, lambda repo: repo.get_document(ids["matchning"]))
    assert (m.beslut, m.utbildning) == (MatchningBeslut.UTBILDNING, "Truckförarutbildning, Komvux")
    assert m.workplace_id == ids["lagret"]  # the workplace stays, should they go back to it


# ---- the workplace register ----------------------------------------------------------------------

def test_a_workplace_added_in_the_register_is_chosen_and_kept_in_the_vault(qtbot, make_world, vault_path,
                                                                           monkeypatch):
    window, page, ids = make_world()
    editor = sub_tab(qtbot, page, "matchning")
    click(qtbot, editor.create_button)
    click(qtbot, editor.beslut_buttons[MatchningBeslut.ARBETSTRANING])
    seen = {}

    def drive(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        click(qtbot, dialog.new_button)
        qtbot.waitUntil(dialog.lines["arbetsplats"].hasFocus, timeout=3000)
        # a name is required: a save without one says so at the field, and keeps the rest
        type_text(replace_text(qtbot, dialog.lines["handledare"], ""), "Cilla Café")
        click(qtbot, dialog.save_button)
        seen["required"] = dialog.rows["arbetsplats"].error()
        assert dialog.lines["handledare"].text() == "Cilla Café"
        type_text(click_into(qtbot, dialog.lines["arbetsplats"]), "Caféet Äppelträdet")
        type_text(click_into(qtbot, dialog.lines["handledare_telefon"]), "070-000 00 09")
        type_text(click_into(qtbot, dialog.texts["arbetsuppgifter"]), "Servering och disk")
        type_text(click_into(qtbot, dialog.texts["anpassningar"]), "Kortare pass")
        click(qtbot, dialog.extern)
        # Esc by mistake: asked, "Cancel" goes on editing, nothing is lost
        answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel)
        QTest.keyClick(dialog.texts["anpassningar"], Qt.Key.Key_Escape)
        assert dialog.isVisible() and dialog.lines["arbetsplats"].text() == "Caféet Äppelträdet"
        click(qtbot, dialog.save_button)
        seen["list"] = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Close))
        assert not dialog.isVisible()
        return dialog.result()

    monkeypatch.setattr(WorkplacesDialog, "exec", drive)
    click(qtbot, editor.workplaces_button)
    assert seen["required"] == i18n._("This field is required.")
    # Swedish order: C, L, Å
    assert seen["list"] == ["Caféet Äppelträdet · " + i18n._("external"), "Lagret", "Återbruket"]
    assert editor.workplace.currentText().startswith("Caféet Äppelträdet")  # none was chosen: the new one is
    field = click_into(qtbot, editor.motivering)
    type_text(field, "Nära hemmet")
    lock_from(qtbot, window, field)

    def read(repo):
        w = next(w for w in repo.workplaces() if w.arbetsplats == "Caféet Äppelträdet")
        return w, repo.documents(ids["participant"], "matchning")[0]
    w, m = stored(vault_path, read)
    assert (w.handledare, w.handledare_telefon, w.arbetsuppgifter, w.anpassningar, w.egen, w.i_bruk) == (
        "Cilla Café", "070-000 00 09", "Servering och disk", "Kortare pass", False, True)
    assert m.workplace_id == w.id and m.motivering == "Nära hemmet"


def test_the_register_asks_before_discarding_and_saves_on_lock(qtbot, vault, monkeypatch):
    vault.repo.save_workplace(Workplace(arbetsplats="Lagret", handledare="Pia Prov"))
    dialog = WorkplacesDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(click_into(qtbot, dialog.lines["handledare"]), " och Per")
    # another workplace asked for: "Discard" drops the edit on purpose
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Discard)
    click(qtbot, dialog.new_button)
    assert len(asked) == 1 and vault.repo.workplaces()[0].handledare == "Pia Prov"
    assert dialog.is_new and dialog.lines["arbetsplats"].text() == ""
    # the window's lock closes the dialog from outside: what can be saved is saved, nothing asked
    type_text(dialog.lines["arbetsplats"], "Verkstaden")
    dialog.reject()
    assert not dialog.isVisible() and len(asked) == 1
    assert [w.arbetsplats for w in vault.repo.workplaces()] == ["Lagret", "Verkstaden"]


def test_a_workplace_not_in_use_is_not_offered_but_stays_where_chosen(qtbot, vault, participant):
    vault.repo.save_participant(participant)
    old = Workplace(arbetsplats="Gamla lagret", i_bruk=False)
    vault.repo.save_workplace(old)
    vault.repo.save_workplace(Workplace(arbetsplats="Nya lagret"))
    from kartlaggning.ui.plans.matchning_editor import MatchningEditor
    vault.repo.save_document(Matchning(participant_id=participant.id, beslut=MatchningBeslut.ARBETSTRANING))
    editor = MatchningEditor(vault.repo, participant.id, Autosaver())
    qtbot.addWidget(editor)
    names = [editor.workplace.itemText(i) for i in range(1, editor.workplace.count())]
    assert names == ["Nya lagret"]
    m = Matchning(participant_id=participant.id, datum=date(2027, 1, 1), beslut=MatchningBeslut.ARBETSTRANING,
                  workplace_id=old.id)
    vault.repo.save_document(m)
    editor.reload(m.id)
    assert editor.workplace.currentText() == "Gamla lagret · " + i18n._("not in use")


# ---- Arbetsträning -----------------------------------------------------------------------------------

def test_an_arbetstraning_with_a_schema_typed_into_the_cells(qtbot, make_world, vault_path):
    window, page, ids = make_world("matched")
    editor = sub_tab(qtbot, page, "arbetstraning")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    # from the matchning's workplace and the referral's extent
    assert (editor.lines["arbetsplats"].text(), editor.lines["handledare"].text()) == ("Lagret", "Pia Prov")
    assert editor.arbetsuppgifter.toPlainText() == "Plock och pack"
    assert editor.schema.rows() == [[date.today().isoformat(), "50", ""]]
    replace_text(qtbot, editor.datum.line_edit, "2027-01-04")
    replace_text(qtbot, editor.till.line_edit, "2027-06-30")
    assert editor.lines["handledare_telefon"].text() == "070-000 00 01"  # from the register, too
    replace_text(qtbot, editor.af_datum.line_edit, "2026-12-20")
    type_text(click_into(qtbot, editor.af_referens), "Af-2026-4711")
    # the schema: the start and two steps toward full time
    type_in_date_cell(qtbot, editor.schema, 0, "2027-01-04")
    type_in_cell(qtbot, editor.schema, 0, 1, "25")
    type_in_cell(qtbot, editor.schema, 0, 2, "2")
    for row, (day, percent, hours) in enumerate((("2027-02-01", "50 %", "4,5"), ("2027-03-01", "100", "8")), 1):
        click(qtbot, editor.schema.add_button)
        qtbot.waitUntil(lambda r=row: editor.schema.model.rowCount() > r, timeout=3000)
        type_in_date_cell(qtbot, editor.schema, row, day)
        type_in_cell(qtbot, editor.schema, row, 1, percent)
        type_in_cell(qtbot, editor.schema, row, 2, hours)
    # an anpassning and how it worked: typed into the cells, Tab between them
    click(qtbot, editor.anpassningar.add_button)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    type_text(QApplication.focusWidget(), "Inga tunga lyft")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: editor.anpassningar.table.currentIndex().column() == 1, timeout=3000)
    cell = QApplication.focusWidget()
    type_text(cell, "Fungerar, lyfthjälp finns")
    lock_from(qtbot, window, cell)  # from inside the open cell

    t = stored(vault_path, lambda repo: repo.documents(ids["participant"], "arbetstraning")[0])
    assert [(s.datum, s.procent, s.timmar_per_dag) for s in t.schema] == [
        (date(2027, 1, 4), 25, 2.0), (date(2027, 2, 1), 50, 4.5), (date(2027, 3, 1), 100, 8.0)]
    assert [(a.beskrivning, a.hur_det_fungerade) for a in t.anpassningar] == [
        ("Inga tunga lyft", "Fungerar, lyfthjälp finns")]
    assert (t.datum, t.till, t.af_beslut_datum, t.af_beslut_referens) == (
        date(2027, 1, 4), date(2027, 6, 30), date(2026, 12, 20), "Af-2026-4711")
    assert (t.workplace_id, t.arbetsplats, t.handledare_telefon) == (ids["lagret"], "Lagret", "070-000 00 01")


def test_a_percent_of_150_in_a_cell_shows_its_error_and_keeps_the_text(qtbot, make_world, vault_path):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "arbetstraning")
    cell = type_in_cell(qtbot, editor.schema, 1, 1, "150")
    message = editor.schema.error.text()
    assert message.startswith(i18n._("Row {row}: {message}").format(
        row=2, message=i18n._("Give a percentage from 0 to 100.")))
    assert editor.schema.error.isVisible() and cell.text() == "150"
    assert editor.schema.model.text(1, 1) == "150"
    lock_from(qtbot, window, cell)

    def read(repo):
        return repo.get_document(ids["arbetstraning"]), Drafts(repo.vault).of(ids["arbetstraning"])
    t, drafts = stored(vault_path, read)
    assert [s.procent for s in t.schema] == [25, None]  # the row's other values are saved, not the 150
    assert t.schema[1].datum == date(2027, 2, 1)
    assert drafts["schema[1].procent"].text == "150"
    # after unlocking, the cell shows what was typed, with its error
    with Vault.open(vault_path, PASSPHRASE) as v:
        again = ArbetstraningEditor(v.repo, ids["participant"], Autosaver())
        qtbot.addWidget(again)
        assert again.schema.model.text(1, 1) == "150"
        assert i18n._("Give a percentage from 0 to 100.") in again.schema.error.text()


def test_choosing_a_workplace_copies_its_supervisor_and_tasks_into_the_document(qtbot, vault, participant):
    vault.repo.save_participant(participant)
    w = Workplace(arbetsplats="Återbruket", handledare="Åke Åkesson", handledare_telefon="070-2",
                  arbetsuppgifter="Sortering")
    vault.repo.save_workplace(w)
    t = Arbetstraning(participant_id=participant.id, datum=date(2027, 1, 4))
    vault.repo.save_document(t)
    autosaver = Autosaver()
    editor = ArbetstraningEditor(vault.repo, participant.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.workplace.setFocus()
    QTest.keyClick(editor.workplace, Qt.Key.Key_Down)
    assert (editor.lines["handledare"].text(), editor.arbetsuppgifter.toPlainText()) == ("Åke Åkesson", "Sortering")
    type_text(click_into(qtbot, editor.lines["handledare"]), " (vikarie)")
    assert autosaver.flush()
    saved = vault.repo.get_document(t.id)
    assert (saved.workplace_id, saved.arbetsplats, saved.handledare, saved.handledare_telefon) == (
        w.id, "Återbruket", "Åke Åkesson (vikarie)", "070-2")
    assert vault.repo.workplace(w.id).handledare == "Åke Åkesson"  # the register keeps its own


def test_the_arbetstraningsschema_printout_has_the_schema_and_the_workplace(qtbot, make_world, tmp_path,
                                                                           monkeypatch):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "arbetstraning")
    click(qtbot, editor.anpassningar.add_button)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=3000)
    type_text(QApplication.focusWidget(), "Höj- och sänkbart bord")
    target = tmp_path / "schema.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click(qtbot, editor.print_bar.pdf_button)  # from the open cell: what was typed is printed
    qtbot.waitUntil(target.exists, timeout=20000)
    text = pdf_text(target.read_bytes())
    flat = " ".join(text.split())
    for label in ("Arbetsträningsschema för Mika Metod", "Arbetsplats", "Lagret", "Handledare", "Pia Prov",
                  "Period", "4 januari 2027 – 30 juni 2027", "Arbetsuppgifter", "Plock och pack",
                  "Från och med", "Procent av heltid", "Timmar per dag", "Anpassningar", "Höj- och sänkbart bord",
                  "Hur det fungerade", "Deltagare", "Arbetsmarknadshandläggare", "Hanna Handläggare"):
        assert label in flat, label
    assert re.search(r"4 januari 2027\s+25 %\s+2", text) and re.search(r"1 februari 2027\s+50 %\s+4", text)
    rec = pr.PrintLog(window.session.vault).latest(ids["arbetstraning"])
    assert rec.version == 1 and rec.content_hash in flat
    assert "Printed as version 1" in editor.print_bar.state_label.text() or "version 1" in \
        editor.print_bar.state_label.text()


def test_print_document_arbetstraning_on_the_command_line(vault, vault_path, passphrase, monkeypatch, tmp_path,
                                                          capsys):
    ids = _fill(vault.repo, "training")
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])
    out = tmp_path / "arbetstraning.pdf"
    assert cli.main(["print", "--vault", str(vault_path), "--participant", ids["pnr"], "--document",
                     "arbetstraning", "--out", str(out)]) == 0
    text = " ".join(pdf_text(out.read_bytes()).split())
    for value in ("Arbetsträningsschema för Mika Metod", "Lagret", "Pia Prov", "4 januari 2027", "25 %", "50 %",
                  "Procent av heltid", "Timmar per dag", "Hanna Handläggare"):
        assert value in text, value
    assert "arbetstraning" in capsys.readouterr().out
    with Vault.open(vault_path, passphrase) as v:
        assert pr.PrintLog(v).latest(ids["arbetstraning"]).version == 1


# ---- Uppföljningar ------------------------------------------------------------------------------------

def test_a_follow_up_starts_the_next_utvecklingsplan_and_says_the_extent_differs(qtbot, make_world, vault_path,
                                                                                monkeypatch):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "uppfoljningar")
    editor._today = lambda: date(2027, 2, 20)
    editor._refresh_due()
    assert "2027-02-04" in editor.empty_due.text()  # a month after the start, and late
    asked = answer_questions(monkeypatch, YES)  # "open the new Utvecklingsplan?"
    assert editor.with_plan.isChecked()
    click(qtbot, editor.new_button)
    documents = documents_tab(page)
    qtbot.waitUntil(lambda: documents.tabs.currentWidget() is documents.utvecklingsplaner, timeout=3000)
    assert len(asked) == 1 and "2027-02-20" in asked[0]
    utv = documents.utvecklingsplaner
    assert utv.doc.datum == date(2027, 2, 20) and utv.doc.utvecklingsomraden == "Passa tider"
    assert utv.series.count() == 2 and utv.series.currentRow() == 1
    editor = sub_tab(qtbot, page, "uppfoljningar")
    assert editor.procent.text() == "50"  # as the schema plans for the day
    assert editor.difference.text() == i18n._("The actual extent is as the schema plans.")
    assert "2027-03-20" in editor.due.text()
    replace_text(qtbot, editor.procent, "40")
    assert editor.difference.isVisible()
    assert "40 %" in editor.difference.text() and "50 %" in editor.difference.text()
    assert editor.difference.text().startswith(i18n._(
        "The actual extent differs from the schema: {actual} instead of the planned {planned}.").split("{")[0])
    type_text(click_into(qtbot, editor.narvarande), "Pia Prov, Arvid Förmedlare")
    field = click_into(qtbot, editor.texts["hur_det_gar"])
    type_text(field, "Kommer i tid, orkar inte halvtid än")
    lock_from(qtbot, window, field)

    def read(repo):
        return repo.documents(ids["participant"], "uppfoljning"), repo.documents(ids["participant"], "utvecklingsplan")
    follow_ups, plans = stored(vault_path, read)
    assert len(follow_ups) == 1 and len(plans) == 2
    f = follow_ups[0]
    assert (f.datum, f.arbetstraning_id, f.utvecklingsplan_id, f.nasta) == (
        date(2027, 2, 20), ids["arbetstraning"], plans[1].id, date(2027, 3, 20))
    assert (f.faktisk_procent, f.narvarande, f.hur_det_gar) == (40, "Pia Prov, Arvid Förmedlare",
                                                               "Kommer i tid, orkar inte halvtid än")
    assert plans[1].mitt_ansvar == "Två väckarklockor"  # continued from the previous one


def test_a_follow_up_without_a_new_utvecklingsplan_and_a_bad_extent(qtbot, vault, participant, monkeypatch):
    ids = _fill(vault.repo, "training")
    from kartlaggning.ui.plans.uppfoljning_editor import UppfoljningEditor
    autosaver = Autosaver()
    editor = UppfoljningEditor(vault.repo, ids["participant"], autosaver, today=lambda: date(2027, 1, 20))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    asked = answer_questions(monkeypatch)
    click(qtbot, editor.with_plan)
    assert not editor.with_plan.isChecked()
    click(qtbot, editor.new_button)
    assert asked == [] and editor.doc.utvecklingsplan_id is None
    assert editor.procent.text() == "25" and editor.start_plan_button.isVisible()
    replace_text(qtbot, editor.timmar, "ca 4")
    assert editor.timmar_row.error() == i18n._("Give the hours per day, from 0 to {high}.").format(high=12) or \
        i18n._("Give the hours per day, from 0 to {high}.").format(high=12) in editor.timmar_row.error()
    replace_text(qtbot, editor.procent, "30")
    assert "30 %" in editor.difference.text() and "25 %" in editor.difference.text()
    assert autosaver.flush()
    f = vault.repo.get_document(editor.doc.id)
    assert (f.faktisk_procent, f.faktiska_timmar_per_dag) == (30, None)  # "ca 4" is a draft, not the value
    assert Drafts(vault).of(f.id)["faktiska_timmar_per_dag"].text == "ca 4"
    answer_questions(monkeypatch, NO)
    click(qtbot, editor.start_plan_button)
    f = vault.repo.get_document(f.id)
    assert f.utvecklingsplan_id == vault.repo.documents(ids["participant"], "utvecklingsplan")[-1].id


# ---- the sub-tabs ---------------------------------------------------------------------------------------

def test_the_method_sub_tabs_have_alt_letters_that_switch_from_inside_a_field(qtbot, make_world):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "arbetstraning")
    documents = documents_tab(page)
    bar = documents.tabs.tabBar()
    texts = [bar.tabText(i) for i in range(bar.count())]
    letters = {t.replace("&", ""): re.search(r"&(.)", t).group(1).lower() for t in texts if re.search(r"&(.)", t)}
    names = [t.replace("&", "") for t in texts]
    assert names[4:7] == ["Matchning", "Arbetsträning", "Uppföljningar"]  # after the plans, in the method's order
    assert all(name in letters for name in names[4:7])
    assert len(set(letters.values())) == len(letters)
    menus = {re.search(r"&(.)", a.text()).group(1).lower() for a in window.menuBar().actions()}
    tabs = {re.search(r"&(.)", t).group(1).lower() for t in page._tab_titles}
    assert not {letters["Matchning"], letters["Arbetsträning"], letters["Uppföljningar"]} & (menus | tabs)
    # none of the three editors' own fields has one of the sub-tabs' letters
    for which in ("matchning", "arbetstraning", "uppfoljningar"):
        shown = sub_tab(qtbot, page, which)
        if getattr(shown, "create_button", None) is not None and shown.create_button.isVisible():
            click(qtbot, shown.create_button)
        own = set()
        for w in shown.findChildren(QAbstractButton):
            if w.isVisible() and re.search(r"&(.)", w.text().replace("&&", "")):
                own.add(re.search(r"&(.)", w.text()).group(1).lower())
        for w in shown.findChildren(QLabel):
            if w.isVisible() and w.buddy() is not None and re.search(r"&(.)", w.text()):
                own.add(re.search(r"&(.)", w.text()).group(1).lower())
        for w in shown.findChildren(QGroupBox):
            if w.isVisible() and re.search(r"&(.)", w.title()):
                own.add(re.search(r"&(.)", w.title()).group(1).lower())
        assert not own & set(letters.values()), (which, own)
        assert not own & menus, (which, own)
    editor = sub_tab(qtbot, page, "arbetstraning")
    field = click_into(qtbot, editor.af_referens)
    for which, name in (("matchning", "Matchning"), ("uppfoljningar", "Uppföljningar"),
                        ("arbetstraning", "Arbetsträning")):
        QTest.keyClick(QApplication.focusWidget() or field, Qt.Key(ord(letters[name].upper())), ALT)
        assert documents.tabs.currentWidget() is getattr(documents, which), name
    assert page.current_tab_key() == ParticipantPage.TAB_PLANS


def test_settings_refresh_the_arbetstraning_print_state(qtbot, vault, participant, monkeypatch):
    ids = _fill(vault.repo, "training")
    from kartlaggning.ui.plans import documents_tab as tab_module
    autosaver = Autosaver()
    tab = tab_module.DocumentsTab(vault.repo, ids["participant"], autosaver)
    qtbot.addWidget(tab)
    calls = []
    monkeypatch.setattr(tab_module, "edit_unit_settings", lambda repo, parent: True)
    monkeypatch.setattr(tab.arbetstraning, "refresh_print_state", lambda: calls.append("arbetstraning"))
    assert tab.open_settings() and calls == ["arbetstraning"]


# ---- the use cases behind them (services.method) ---------------------------------------------------------

def test_the_planned_step_and_whether_the_actual_extent_differs():
    t = Arbetstraning(schema=[SchemaSteg(date(2027, 2, 1), 50, 4.0), SchemaSteg(date(2027, 1, 4), 25, 2.0),
                              SchemaSteg(None, 75)])
    assert method.planned_step(t, date(2027, 1, 3)) is None
    assert method.planned_step(t, date(2027, 1, 31)) == SchemaSteg(date(2027, 1, 4), 25, 2.0)
    step = method.planned_step(t, date(2027, 5, 1))
    assert step.procent == 50
    assert not method.extent_differs(step, 50, 4.0) and not method.extent_differs(step, None, None)
    assert method.extent_differs(step, 40, None) and method.extent_differs(step, 50, 3.5)
    assert not method.extent_differs(None, 40, 3.0)


def test_the_extent_over_time_puts_planned_beside_actual(vault):
    ids = _fill(vault.repo, "training")
    pid = ids["participant"]
    for day, actual in ((date(2027, 1, 20), 25), (date(2027, 2, 20), 40)):
        vault.repo.save_document(Uppfoljning(participant_id=pid, datum=day, arbetstraning_id=ids["arbetstraning"],
                                             faktisk_procent=actual))
    assert method.extent_over_time(vault.repo, pid) == [(date(2027, 1, 20), 25, 25), (date(2027, 2, 20), 50, 40)]
    other = Uppfoljning(participant_id=pid, datum=date(2027, 3, 1), arbetstraning_id="gone")
    assert method.arbetstraning_of(vault.repo, other).id == ids["arbetstraning"]  # the latest instead


# ---- nothing typed is lost ----------------------------------------------------------------------------

def test_the_idle_lock_while_the_register_is_open_keeps_the_new_workplace(qtbot, make_world, vault_path,
                                                                          monkeypatch):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "arbetstraning")

    def drive(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        click(qtbot, dialog.new_button)
        type_text(click_into(qtbot, dialog.lines["arbetsplats"]), "Bageriet")
        type_text(click_into(qtbot, dialog.lines["handledare"]), "Bo Bagare")
        window.idle.idle.emit()  # what the idle timer emits: the lock closes the dialog from outside
        qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5000)
        return dialog.result()

    monkeypatch.setattr(WorkplacesDialog, "exec", drive)
    click(qtbot, editor.workplaces_button)  # comes back after the lock without touching the closed vault
    window.shutdown()
    names = stored(vault_path, lambda repo: [(w.arbetsplats, w.handledare) for w in repo.workplaces()])
    assert ("Bageriet", "Bo Bagare") in names


def test_the_close_box_asks_and_save_keeps_the_edit(qtbot, vault, monkeypatch):
    vault.repo.save_workplace(Workplace(arbetsplats="Lagret"))
    dialog = WorkplacesDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(click_into(qtbot, dialog.texts["arbetsuppgifter"]), "Plock")
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
    dialog.close()  # the window's close box
    assert dialog.isVisible() and dialog.texts["arbetsuppgifter"].toPlainText() == "Plock"
    dialog.close()
    assert not dialog.isVisible() and len(asked) == 2
    assert vault.repo.workplaces()[0].arbetsuppgifter == "Plock"


def test_quitting_from_inside_a_schema_cell_keeps_what_was_typed(qtbot, make_world, vault_path):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "arbetstraning")
    cell = type_in_cell(qtbot, editor.schema, 1, 2, "4,5")
    QTest.keyClick(cell, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    t = stored(vault_path, lambda repo: repo.get_document(ids["arbetstraning"]))
    assert t.schema[1].timmar_per_dag == 4.5


def test_ctrl_tab_from_a_follow_up_field_saves_it(qtbot, make_world, monkeypatch):
    window, page, ids = make_world("training")
    editor = sub_tab(qtbot, page, "uppfoljningar")
    answer_questions(monkeypatch, NO)
    click(qtbot, editor.new_button)
    field = click_into(qtbot, editor.texts["vagen_mot_arbete"])
    type_text(field, "Lönebidrag på lagret efter sommaren")
    QTest.keyClick(field, Qt.Key.Key_Tab, CTRL)
    assert page.current_tab_key() != ParticipantPage.TAB_PLANS and not window.autosaver.has_pending
    f = window.session.vault.repo.documents(ids["participant"], "uppfoljning")[0]
    assert f.vagen_mot_arbete == "Lönebidrag på lagret efter sommaren"
