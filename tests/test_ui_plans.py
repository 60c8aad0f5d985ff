"""Plan editors, unit settings and printing in the app (offscreen, dialogs patched)."""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from datetime import date
from io import BytesIO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox
from pypdf import PdfReader

from kartlaggning import i18n
from kartlaggning.models import Contact
from kartlaggning.models.plans import DEFAULT_OVERENSKOMMELSE
from kartlaggning.models.printed import KARTLAGGNING, KOMPETENSKORT, PLAN, UTVECKLINGSPLAN, PrintContent
from kartlaggning.printouts.render import render
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.storage.drafts import Drafts
from kartlaggning.ui.autosave import Autosaver
from kartlaggning.ui.plans import printing
from kartlaggning.ui.plans.carry_over import CarryOverDialog
from kartlaggning.ui.plans.documents_tab import DocumentsTab
from kartlaggning.ui.plans.kompetenskort_editor import KompetenskortEditor
from kartlaggning.ui.plans.plan_editor import PlanEditor
from kartlaggning.ui.plans.unit_settings import UnitSettingsDialog
from kartlaggning.ui.plans.utvecklingsplan_editor import UtvecklingsplanEditor
from tests.helpers.typing_keys import type_text


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """Temp dir and cwd of each test are private and must stay empty."""
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(cwd)
    assert tempfile.gettempdir() == str(tmp)
    yield
    assert os.listdir(tmp) == [], "something was written to the temp dir"
    assert os.listdir(cwd) == [], "something was written to the working dir"


@pytest.fixture
def autosaver(qtbot):
    return Autosaver()


@pytest.fixture
def person(vault, participant):
    participant.referral.af_handlaggare = "Arvid Förmedlare"
    participant.referral.af_telefon = "010-111 11 11"
    participant.referral.socialsekreterare = "Sara Socialsekreterare"
    participant.referral.socialsekreterare_telefon = "0123-22 22 22"
    participant.kontaktpersoner = [Contact("Kim Testsson", "bror", "070-333 33 33")]
    vault.repo.save_participant(participant)
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Hanna Handläggare", "0123-44 44 44"))
    return participant


def reopen(vault, vault_path, passphrase) -> Vault:
    vault.close()
    return Vault.open(vault_path, passphrase)


def no_offer(monkeypatch):
    monkeypatch.setattr(CarryOverDialog, "exec", lambda self: QDialog.DialogCode.Rejected)


def temp_files() -> list[str]:
    return os.listdir(tempfile.gettempdir())


# ---- Individuell plan -------------------------------------------------------------------

def test_new_plan_is_prefilled(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    pr.save_overenskommelse(vault.repo, "Enhetens egen överenskommelse.")
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    assert editor.stack.currentWidget() is editor.empty
    plan = editor.create_plan()
    assert (plan.namn, plan.personnummer, plan.adress, plan.upprattad) == (
        person.namn, person.personnummer, person.adress, date.today())
    assert plan.overenskommelse == "Enhetens egen överenskommelse."
    assert (plan.contact("arbetsformedlingen").namn, plan.contact("arbetsformedlingen").telefon) == (
        "Arvid Förmedlare", "010-111 11 11")
    assert plan.contact("arbetsmarknadshandlaggare").namn == "Hanna Handläggare"
    assert plan.contact("forsorjningsstod").namn == "Sara Socialsekreterare"
    assert editor.namn.text() == person.namn
    assert editor.personnummer.text() == f"{person.personnummer[:8]}-{person.personnummer[8:]}"


def test_plan_editor_saves_every_field(qtbot, vault, vault_path, passphrase, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    editor.namn.setText("Testa T. Testsson")
    editor.namn.textEdited.emit("")
    editor.adress.setText("Nya gatan 2, 123 45 Exempelby")
    editor.adress.textEdited.emit("")
    editor.personnummer.setText("19121212-1212")
    editor.personnummer.textEdited.emit("")
    editor.upprattad.setText("2026-11-22")
    editor.upprattad.edited.emit()
    for i in range(editor.kontakter.model.rowCount()):
        editor.kontakter.set_cell(i, 1, f"Kontakt {i}")
        editor.kontakter.set_cell(i, 2, f"070-00{i}")
    editor.mal.setPlainText("Arbete inom lager")
    for row, text in enumerate(["Truckkort", "Körkort B", "Praktik", "Sömn", "CV", "Intervju", "Anställning"]):
        if row >= editor.delmal.model.rowCount():
            editor.delmal.add_row()
        editor.delmal.set_cell(row, 0, text)
    editor.ansvar.add_row()
    editor.ansvar.set_cell(0, 0, "Boka truckutbildning")
    editor.ansvar.set_cell(0, 1, "Testa")
    editor.ansvar.set_cell(0, 2, date(2026, 12, 1))
    editor.ansvar.add_row()
    editor.ansvar.set_cell(1, 0, "Följa upp")
    editor.uppfoljning.setPlainText("Varje månad")
    editor.overenskommelse.setPlainText("Vi är överens.")
    editor.signerad.setText("2026-11-25")
    editor.signerad.edited.emit()
    assert editor.flush()

    v = reopen(vault, vault_path, passphrase)
    try:
        plan = v.repo.get_document(plan_id)
    finally:
        v.close()
    assert plan.namn == "Testa T. Testsson"
    assert plan.adress == "Nya gatan 2, 123 45 Exempelby"
    assert plan.personnummer == "191212121212"
    assert plan.upprattad == date(2026, 11, 22)
    assert [(c.namn, c.telefon) for c in plan.kontakter] == [(f"Kontakt {i}", f"070-00{i}") for i in range(6)]
    assert plan.mal == "Arbete inom lager"
    assert plan.delmal == ["Truckkort", "Körkort B", "Praktik", "Sömn", "CV", "Intervju", "Anställning"]
    assert [(a.atgard, a.ansvarig, a.datum) for a in plan.ansvarsfordelning] == [
        ("Boka truckutbildning", "Testa", date(2026, 12, 1)), ("Följa upp", "", None)]
    assert plan.uppfoljning == "Varje månad"
    assert plan.overenskommelse == "Vi är överens."
    assert plan.signerad == date(2026, 11, 25)


def test_delmal_reorder_and_remove(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    for row, text in enumerate(["Ett", "Två", "Tre"]):
        editor.delmal.set_cell(row, 0, text)
    editor.delmal.table.selectRow(2)
    editor.delmal.up_button.click()
    assert editor.delmal.rows() == [["Ett"], ["Tre"], ["Två"]]
    assert editor.delmal.current_row() == 1  # the moved row stays selected
    editor.delmal.up_button.click()
    editor.delmal.table.selectRow(1)
    editor.delmal.down_button.click()
    assert editor.delmal.rows() == [["Tre"], ["Två"], ["Ett"]]
    assert editor.flush()
    assert vault.repo.get_document(plan_id).delmal == ["Tre", "Två", "Ett"]
    editor.delmal.table.selectRow(1)
    editor.delmal.remove_button.click()
    assert editor.flush()
    assert vault.repo.get_document(plan_id).delmal == ["Tre", "Ett"]
    assert editor.delmal.model.rowCount() == 6  # the form's six lines stay
    assert editor.delmal.model.headerData(0, Qt.Orientation.Vertical) == "1."


def test_ansvar_reorder_by_keyboard(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    plan_id = editor.create_plan().id
    editor.ansvar.add_row()
    editor.ansvar.set_cell(0, 0, "Första")
    editor.ansvar.add_row()
    editor.ansvar.set_cell(1, 0, "Andra")
    editor.ansvar.set_cell(1, 2, date(2026, 1, 31))
    editor.ansvar.table.setFocus()
    editor.ansvar.table.selectRow(1)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.ansvar.table.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.ansvar.table, Qt.Key.Key_Up, ctrl_shift)
    assert [r[0] for r in editor.ansvar.rows()] == ["Andra", "Första"]
    qtbot.keyClick(editor.ansvar.table, Qt.Key.Key_Insert)  # a new row at the end
    assert editor.ansvar.model.rowCount() == 3 and editor.ansvar.current_row() == 2
    assert editor.flush()
    rows = vault.repo.get_document(plan_id).ansvarsfordelning
    assert [(a.atgard, a.datum) for a in rows] == [("Andra", date(2026, 1, 31)), ("Första", None)]


def test_bad_input_shows_message_next_to_field_and_keeps_text(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    i18n.set_language("en")
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    plan_id = editor.create_plan().id
    editor.upprattad.setText("2026-13-45")
    editor.upprattad.edited.emit()
    editor.mal.setPlainText("Nytt mål")
    field = editor._error_targets[[f for f, *_r in editor._error_targets].index("upprattad")]
    assert editor.flush()  # the valid rest and the bad date as a draft: all of it stored
    assert editor.upprattad.text() == "2026-13-45"  # nothing typed is lost
    draft = Drafts(vault).of(plan_id)["upprattad"]
    assert draft.text == "2026-13-45" and "Not a valid date" in draft.error.message
    labels = [w for w in editor.findChildren(type(editor.mal_error)) if w.isVisible()]
    assert any("Not a valid date: 2026-13-45" in w.text() for w in labels)
    stored = vault.repo.get_document(plan_id)  # the valid rest is saved; the bad date keeps its last good value
    assert stored.mal == "Nytt mål" and stored.upprattad != date(2026, 11, 30)
    editor.delmal.set_cell(0, 0, "x" * 20_001)
    assert "Row 1" in editor.delmal.error.text() and "Too long" in editor.delmal.error.text()
    editor.delmal.set_cell(0, 0, "kort")
    editor.upprattad.setText("2026-11-30")
    editor.upprattad.edited.emit()
    assert editor.flush()
    saved = vault.repo.get_document(plan_id)
    assert (saved.mal, saved.upprattad, saved.delmal) == ("Nytt mål", date(2026, 11, 30), ["kort"])
    assert not editor.delmal.error.isVisible()
    assert Drafts(vault).of(plan_id) == {}  # corrected: the drafts are gone
    assert field


@pytest.mark.parametrize("as_delmal", [False, True])
def test_carry_over_from_kartlaggning(qtbot, vault, person, autosaver, monkeypatch, as_delmal):
    k = vault.repo.new_kartlaggning(person.id)
    k.atgarder_innan_plan = "- Kontakt med vårdcentralen\n• Läkarintyg om lyft\n\n2. Studiebesök på lagret"
    k.motivation.mal = "Jobba i ett lager"
    vault.repo.save_kartlaggning(k)

    def accept(dialog):
        dialog.show()
        dialog.resize(420, dialog.height())  # a narrow window: long lines wrap
        QApplication.processEvents()
        assert dialog.take_goal.isVisibleTo(dialog) and dialog.take_goal.isChecked()
        assert "Jobba i ett lager" in dialog.take_goal.text()
        for i in range(dialog.contacts.count()):  # every line readable, none clipped at the right
            rect = dialog.contacts.visualItemRect(dialog.contacts.item(i))
            assert rect.right() <= dialog.contacts.viewport().width()
            assert ":" in dialog.contacts.item(i).text().splitlines()[0]
        assert dialog.atgarder.count() == 3
        dialog.atgarder.item(1).setCheckState(Qt.CheckState.Unchecked)
        (dialog.as_delmal if as_delmal else dialog.as_rows).setChecked(True)
        for i in range(dialog.contacts.count()):  # take the bror too
            dialog.contacts.item(i).setCheckState(Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CarryOverDialog, "exec", accept)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id  # a new plan offers the carry-over at once
    assert editor.flush()
    plan = vault.repo.get_document(plan_id)
    assert plan.mal == "Jobba i ett lager"  # the participant's own goal from the motivationskors
    wanted = ["Kontakt med vårdcentralen", "Studiebesök på lagret"]
    if as_delmal:
        assert plan.delmal == wanted and plan.ansvarsfordelning == []
    else:
        assert [a.atgard for a in plan.ansvarsfordelning] == wanted and plan.delmal == []
    assert plan.contact("arbetsformedlingen").namn == "Arvid Förmedlare"
    assert (plan.contact("ovrig1").namn, plan.contact("ovrig1").telefon) == ("Kim Testsson (bror)", "070-333 33 33")
    # taking over twice adds nothing twice
    editor.offer_carry_over()
    assert editor.flush()
    again = vault.repo.get_document(plan_id)
    assert (again.mal, again.delmal, again.ansvarsfordelning, again.kontakter) == (
        plan.mal, plan.delmal, plan.ansvarsfordelning, plan.kontakter)


def test_clicking_create_plan_offers_the_carry_over(qtbot, vault, person, autosaver, monkeypatch):
    """The "Skapa plan" button itself (its clicked(bool) once arrived as offer=False)."""
    k = vault.repo.new_kartlaggning(person.id)
    k.atgarder_innan_plan = "Kontakt med vårdcentralen"
    vault.repo.save_kartlaggning(k)
    offered = []
    monkeypatch.setattr(CarryOverDialog, "exec", lambda self: offered.append(True) or QDialog.DialogCode.Rejected)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitUntil(editor.create_button.isVisible, timeout=3000)
    qtbot.mouseClick(editor.create_button, Qt.MouseButton.LeftButton)
    assert editor.doc is not None and offered == [True]


# ---- Utvecklingsplan ----------------------------------------------------------------------

def test_utvecklingsplan_series_and_new_from_previous(qtbot, vault, vault_path, passphrase, person, autosaver):
    editor = UtvecklingsplanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    assert editor.doc is None and editor.stack.currentIndex() == 0
    first = editor.new_plan()
    editor.datum.setText("2026-10-01")
    editor.datum.edited.emit()
    editor.omraden.setPlainText("Passa tider")
    editor.rader.add_row()
    editor.rader.set_cell(0, 0, date(2026, 10, 1))
    editor.rader.set_cell(0, 1, "Komma i tid")
    editor.ansvar_datum.setText("2026-10-02")
    editor.ansvar_datum.edited.emit()
    editor.mitt.setPlainText("Två väckarklockor")
    editor.ame.setPlainText("Ringa på måndagar")
    editor.avstamning_datum.setText("2026-11-01")
    editor.avstamning_datum.edited.emit()
    editor.avstamning.setPlainText("Gick bra")
    assert editor.flush()
    second = editor.new_plan()
    assert editor.series.count() == 2
    assert editor.doc.id == second.id != first.id
    assert second.datum == date.today()
    assert (second.utvecklingsomraden, second.mitt_ansvar, second.ame_ansvar) == (
        "Passa tider", "Två väckarklockor", "Ringa på måndagar")
    assert [(r.datum, r.omrade) for r in second.rader] == [(date(2026, 10, 1), "Komma i tid")]
    assert second.avstamning == "" and second.avstamning_datum is None
    assert editor.omraden.toPlainText() == "Passa tider"
    editor.avstamning.setPlainText("Ny avstämning")
    assert editor.flush()

    v = reopen(vault, vault_path, passphrase)
    try:
        a, b = v.repo.documents(person.id, "utvecklingsplan")
    finally:
        v.close()
    assert (a.datum, a.utvecklingsomraden, a.ansvar_datum, a.avstamning_datum, a.avstamning) == (
        date(2026, 10, 1), "Passa tider", date(2026, 10, 2), date(2026, 11, 1), "Gick bra")
    assert (b.id, b.avstamning) == (second.id, "Ny avstämning")


def test_utvecklingsplan_switch_and_delete(qtbot, vault, person, autosaver, monkeypatch):
    editor = UtvecklingsplanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    first = editor.new_plan()
    editor.datum.setText("2026-01-01")
    editor.datum.edited.emit()
    editor.new_plan()
    editor.series.setCurrentRow(0)
    assert editor.doc.id == first.id and editor.datum.text() == "2026-01-01"
    pr.PrintLog(vault).record(pr.content_for(vault.repo, UTVECKLINGSPLAN, vault.repo.get_document(first.id)))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    editor.delete_current()
    assert [p.id for p in vault.repo.documents(person.id, "utvecklingsplan")] != [first.id]
    assert len(vault.repo.documents(person.id, "utvecklingsplan")) == 1
    assert pr.PrintLog(vault).versions(first.id) == []


# ---- Kompetenskort ------------------------------------------------------------------------

def test_kompetenskort_saves_every_field(qtbot, vault, vault_path, passphrase, person, autosaver):
    editor = KompetenskortEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    card_id = editor.create_card().id
    assert editor.lines["namn"].text() == person.namn
    values = {"namn": "Testa Testsson", "adress": "Gatan 1", "arbetsplats": "Lagret AB",
              "kontaktperson": "Lena Handledare", "telefon": "0123-55 55 55"}
    for name, value in values.items():
        editor.lines[name].setText(value)
        editor.lines[name].textEdited.emit(value)
    editor.beskrivning.setPlainText("Plock och pack")
    for i, row in enumerate(editor.rating_rows):
        row.buttons[i % 5].click()
        row.comment.setText(f"kommentar {i}")
        row.comment.textEdited.emit("")
    editor.rating_rows[5].clear_button.click()  # "no rating" for the last one
    editor.kompetenser.setPlainText("Noggrann")
    editor.utvecklingsomrade.setPlainText("Datorvana")
    editor.datum.setText("2027-05-28")
    editor.datum.edited.emit()
    editor.underskrift.setText("Lena H.")
    editor.underskrift.textEdited.emit("")
    assert editor.flush()

    v = reopen(vault, vault_path, passphrase)
    try:
        card = v.repo.get_document(card_id)
    finally:
        v.close()
    assert {k: getattr(card, k) for k in values} == values
    assert card.personnummer == person.personnummer
    assert card.beskrivning == "Plock och pack"
    assert [(r.egenskap, r.betyg, r.kommentar) for r in card.betyg] == [
        ("narvaro", 1, "kommentar 0"), ("motivation", 2, "kommentar 1"), ("samarbete", 3, "kommentar 2"),
        ("noggrannhet", 4, "kommentar 3"), ("ansvar", 5, "kommentar 4"), ("instruktioner", None, "kommentar 5")]
    assert (card.kompetenser, card.utvecklingsomrade, card.datum, card.kontaktperson_underskrift) == (
        "Noggrann", "Datorvana", date(2027, 5, 28), "Lena H.")


def _between(text: str, start: str, end: str) -> str:
    """The text of one printed row: after ``start`` up to ``end``."""
    text = " ".join(text.split())
    return text[text.index(start) + len(start):text.index(end, text.index(start))]


def test_kompetenskort_editor_has_the_form_labels_and_prints_the_chosen_step_in_words(
        qtbot, vault, person, autosaver, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QGroupBox, QLabel

    from kartlaggning.models.plans import KOMPETENSER_NOTE, RATING_SCALE, RATING_SCALE_PLURAL
    editor = KompetenskortEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.resize(1200, 900)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.mouseClick(editor.create_button, Qt.MouseButton.LeftButton)
    card_id = editor.doc.id

    # the form's labels: Egenskaper, the question, both wordings of the scale, Kommentarer, the note
    assert "Egenskaper" in [g.title() for g in editor.findChildren(QGroupBox)]
    labels = [label.text() for label in editor.findChildren(QLabel) if label.isVisible()]
    for text in ("Hur bedömer du personen utifrån följande:", "<b>Kommentarer</b>", KOMPETENSER_NOTE,
                 *[sv for _n, sv, _en in RATING_SCALE], *[sv for _n, sv, _en in RATING_SCALE_PLURAL]):
        assert text in labels, text
    assert labels.index("Hur bedömer du personen utifrån följande:") < labels.index("mycket bristfällig")
    assert labels.index("Kompetenser individen uppvisat") < labels.index(KOMPETENSER_NOTE)
    narvaro, motivation, *_middle, instruktioner = editor.rating_rows
    assert instruktioner.label.text() == "Förstå instruktioner"
    assert [b.accessibleName() for b in instruktioner.buttons] == [
        "Förstå instruktioner: mycket bristfälliga", "Förstå instruktioner: bristfälliga",
        "Förstå instruktioner: varken goda eller bristfälliga", "Förstå instruktioner: goda",
        "Förstå instruktioner: mycket goda"]
    assert narvaro.buttons[3].accessibleName() == "Närvaro/punktlighet: god"

    # Närvaro by a click on "god"; Förstå instruktioner by keys: Space on the first step, then → three times
    qtbot.mouseClick(narvaro.buttons[3], Qt.MouseButton.LeftButton)
    assert narvaro.value() == 4
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=3000)  # keys go to the focused widget of the active window
    instruktioner.buttons[0].setFocus()
    qtbot.keyClick(instruktioner.buttons[0], Qt.Key.Key_Space)
    assert instruktioner.value() == 1
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert instruktioner.value() == 4 and instruktioner.buttons[3].hasFocus()
    assert motivation.value() is None

    out = tmp_path / "chosen"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out / "kort.pdf"), ""))
    path = editor.print_bar.save_pdf()
    assert path == out / "kort.pdf"
    text = pdf_text(path.read_bytes())
    assert _between(text, "Närvaro/punktlighet", "Motivation/intresse").split()[-2:] == ["X", "god"]
    assert _between(text, "Förstå instruktioner", "Kompetenser individen uppvisat").split()[:2] == ["X", "goda"]
    unrated = _between(text, "Motivation/intresse", "Samarbetsförmåga")
    assert "X" not in unrated.split() and not {"god", "bristfällig"} & set(unrated.split())
    stored = pr.PrintLog(vault).snapshot(card_id, 1).document
    assert [(r.egenskap, r.betyg) for r in stored.betyg if r.betyg] == [("narvaro", 4), ("instruktioner", 4)]


# ---- unit settings -------------------------------------------------------------------------

def test_unit_settings_persist_in_vault_not_config(qtbot, vault, vault_path, passphrase, tmp_path, monkeypatch):
    logo = tmp_path / "logo.jpg"
    image = QImage(1200, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#1F3A5F"))
    assert image.save(str(logo), "JPEG")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.kommun.setText("Provbyviks kommun")
    dialog.forvaltning.setText("Arbete och lärande")
    dialog.enhet.setText("Jobbcentrum")
    dialog.adress.setPlainText("Torget 1, 999 99 Provbyvik")
    dialog.choose_logo()
    assert dialog.logo_png.startswith(b"\x89PNG") and dialog.remove_logo_button.isEnabled()
    dialog.my_name.setText("Hanna Handläggare")
    dialog.my_phone.setText("0123-44 44 44")
    dialog.overenskommelse.setPlainText("Vår text.")
    assert dialog.save()
    v = reopen(vault, vault_path, passphrase)
    try:
        header = pr.load_unit_header(v.repo)
        assert (header.kommun, header.forvaltning, header.enhet, header.adress) == (
            "Provbyviks kommun", "Arbete och lärande", "Jobbcentrum", "Torget 1, 999 99 Provbyvik")
        stored = QImage.fromData(header.logo_png, "PNG")
        assert (stored.width(), stored.height()) == (600, 200)  # scaled down, kept as PNG
        assert pr.load_handlaggare(v.repo) == pr.Handlaggare("Hanna Handläggare", "0123-44 44 44")
        assert pr.load_overenskommelse(v.repo) == "Vår text."
        dialog = UnitSettingsDialog(v.repo)  # shows what is stored; restore the standard text
        qtbot.addWidget(dialog)
        assert dialog.kommun.text() == "Provbyviks kommun" and dialog.logo_view.pixmap() is not None
        dialog.reset_button.click()
        dialog.remove_logo_button.click()
        assert dialog.save()
        assert pr.load_overenskommelse(v.repo) == DEFAULT_OVERENSKOMMELSE
        assert pr.load_unit_header(v.repo).logo_png is None
    finally:
        v.close()
    for root in (tmp_path / "config", tmp_path / "home", tmp_path / "data"):
        for f in root.rglob("*"):
            if f.is_file():
                assert b"Provbyvik" not in f.read_bytes(), f


def test_the_units_self_rating_scale_and_interval(qtbot, vault, vault_path, passphrase):
    """Typed into the settings' Self-rating tab: a scale whose top is not above its bottom is
    said at the field and nothing is saved; 1-5 every 6 months is, and new ratings use it."""
    from kartlaggning.services import selfrating
    i18n.set_language("en")
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.show()
    for box, text in ((dialog.scale_low, "5"), (dialog.scale_high, "5"), (dialog.interval, "6")):
        box.setFocus()
        box.lineEdit().selectAll()
        qtbot.keyClicks(box.lineEdit(), text)
    assert not dialog.save()
    assert dialog.texts.currentWidget() is dialog.self_rating_page
    assert dialog.self_rating_fields["skala_max"].error_label.text() == \
        "The highest value of the scale must be above the lowest."
    assert selfrating.load_settings(vault.repo).skala_max == 10  # nothing saved
    dialog.scale_low.setFocus()
    dialog.scale_low.lineEdit().selectAll()
    qtbot.keyClicks(dialog.scale_low.lineEdit(), "1")
    assert dialog.save()
    v = reopen(vault, vault_path, passphrase)
    try:
        s = selfrating.load_settings(v.repo)
        assert (s.skala_min, s.skala_max, s.intervall_manader) == (1, 5, 6)
    finally:
        v.close()


def test_unit_settings_reject_bad_logo_and_long_text(qtbot, vault, tmp_path, monkeypatch):
    i18n.set_language("en")
    bad = tmp_path / "not-an-image.png"
    bad.write_bytes(b"hello")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.choose_logo()
    assert dialog.logo_png is None
    assert "not-an-image.png" in dialog.fields["logo"].error()
    dialog.kommun.setMaxLength(1000)
    dialog.kommun.setText("k" * 300)
    assert not dialog.save()
    assert "Too long" in dialog.fields["kommun"].error()
    assert vault.repo.get_setting(pr.SETTING_UNIT_HEADER) is None


# ---- printing ---------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_save_as_pdf_versions_and_changed_label(qtbot, vault, person, autosaver, tmp_path, monkeypatch):
    no_offer(monkeypatch)
    i18n.set_language("en")
    pr.save_unit_header(vault.repo, pr.load_unit_header(vault.repo).__class__(kommun="Provbyviks kommun"))
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    editor.mal.setPlainText("Arbete inom lager")
    out_dir = tmp_path / "chosen"
    out_dir.mkdir()
    chosen = []

    def ask(parent, title, start, filters):
        chosen.append(start)
        return str(out_dir / f"plan-{len(chosen)}"), filters  # no suffix: .pdf is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert editor.print_bar.state_label.text() == "Not printed yet"
    path = editor.print_bar.save_pdf()
    assert path == out_dir / "plan-1.pdf"
    assert sorted(os.listdir(out_dir)) == ["plan-1.pdf"]  # only the chosen file, no leftovers
    assert os.path.basename(chosen[0]) == "individuell-plan-v1.pdf"  # no personal data in the suggestion
    log = pr.PrintLog(vault)
    v1 = log.latest(plan_id)
    assert v1.version == 1
    assert "Printed as version 1" in editor.print_bar.state_label.text()
    assert "Version 1" in pdf_text(path.read_bytes()) and v1.content_hash in pdf_text(path.read_bytes())

    editor.print_bar.save_pdf()  # unchanged: the same version
    assert log.latest(plan_id).version == 1 and len(log.versions(plan_id)) == 1

    editor.mal.setPlainText("Arbete inom handel")  # not yet saved: the label follows the edit at once
    assert "Changed since printing" in editor.print_bar.state_label.text()
    assert "version 2" in editor.print_bar.state_label.text()
    assert editor.print_bar.changed
    path3 = editor.print_bar.save_pdf()
    v2 = log.latest(plan_id)
    assert v2.version == 2 and v2.content_hash != v1.content_hash
    text = pdf_text(path3.read_bytes())
    assert "Version 2" in text and v2.content_hash in text and "handel" in text
    assert "Printed as version 2" in editor.print_bar.state_label.text()
    assert log.snapshot(plan_id, 1).document.mal == "Arbete inom lager"
    assert sorted(os.listdir(out_dir)) == ["plan-1.pdf", "plan-2.pdf", "plan-3.pdf"]

    # nothing readable anywhere else: config, home, data (the vault is encrypted)
    for f in tmp_path.rglob("*"):
        if f.is_file() and f.parent != out_dir:
            data = f.read_bytes()
            assert person.namn.encode() not in data and b"handel" not in data, f
    events = [e for e in vault.audit.entries() if e.event == "participant.printed"]
    assert [e.detail for e in events] == ["plan:v1", "plan:v1", "plan:v2"]
    assert all(e.participant_id == person.id for e in events)
    dump = json.dumps([dataclasses.asdict(e) for e in vault.audit.entries()], ensure_ascii=False)
    for secret in (person.namn, person.personnummer, "lager", "handel", "Provbyvik"):
        assert secret not in dump


def test_layout_choice_prints_the_same_version_easy_to_read_or_large(qtbot, vault, person, autosaver, tmp_path,
                                                                     monkeypatch):
    """The print bar's Layout box: chosen by keyboard (Tab to it, arrow down) while the goal is
    still being typed; the PDF saved is the lättläst plan with the text just typed, the
    same version as the standard print; a kompetenskort offers no lättläst."""
    no_offer(monkeypatch)
    i18n.set_language("en")
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    plan_id = editor.create_plan().id
    out_dir = tmp_path / "chosen"
    out_dir.mkdir()
    suggested = []

    def ask(parent, title, start, filters):
        suggested.append(os.path.basename(start))
        return str(out_dir / f"plan-{len(suggested)}.pdf"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    bar = editor.print_bar
    assert [bar.variant_box.itemData(i) for i in range(bar.variant_box.count())] == ["standard", "stor", "lattlast"]
    assert bar.variant_box.currentText() == "Standard"
    editor.mal.setFocus()
    qtbot.keyClicks(editor.mal, "Arbete i butik")
    bar.save_pdf()  # the standard print first
    bar.pdf_button.setFocus()
    qtbot.keyClick(bar.pdf_button, Qt.Key.Key_Tab)  # the next stop after "Save as PDF…"
    assert bar.variant_box.hasFocus()
    qtbot.keyClick(bar.variant_box, Qt.Key.Key_Down)
    qtbot.keyClick(bar.variant_box, Qt.Key.Key_Down)
    assert bar.variant == "lattlast" and bar.variant_box.currentText() == "Easy-to-read (lättläst)"
    editor.mal.setFocus()
    qtbot.keyClicks(editor.mal, " och lager")
    qtbot.mouseClick(bar.pdf_button, Qt.MouseButton.LeftButton)  # typed text is flushed, then saved
    assert suggested[-1] == "individuell-plan-lattlast-v2.pdf"
    text = pdf_text((out_dir / "plan-2.pdf").read_bytes())
    assert "Din plan mot arbete" in text and "Mål – det du vill nå" in text
    assert "Arbete i butik och lager" in text and "Version 2" in text
    log = pr.PrintLog(vault)
    assert [r.version for r in log.versions(plan_id)] == [1, 2]  # the layout is no new version
    qtbot.keyClick(bar.variant_box, Qt.Key.Key_Up)
    assert bar.variant == "stor"
    qtbot.mouseClick(bar.pdf_button, Qt.MouseButton.LeftButton)
    assert suggested[-1] == "individuell-plan-stor-v2.pdf"
    big = (out_dir / "plan-3.pdf").read_bytes()
    assert "Individuell plan mot arbete" in pdf_text(big) and [r.version for r in log.versions(plan_id)] == [1, 2]

    bar.refresh(PrintContent(KOMPETENSKORT, vault.repo.get_document(plan_id)))  # another kind: its own choices
    assert [bar.variant_box.itemData(i) for i in range(bar.variant_box.count())] == ["standard", "stor"]
    assert bar.variant == "stor"  # what was chosen stays chosen where it exists


def test_save_as_pdf_cancelled_writes_and_records_nothing(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert editor.print_bar.save_pdf() is None
    assert pr.PrintLog(vault).versions(plan_id) == []
    assert not [e for e in vault.audit.entries() if e.event == "participant.printed"]


def test_print_refused_while_fields_are_invalid(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    editor.upprattad.setText("inte ett datum")
    editor.upprattad.edited.emit()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("must not ask for a file"))
    assert editor.print_bar.save_pdf() is None
    assert warned and pr.PrintLog(vault).versions(plan_id) == []


def test_print_preview_and_printer_via_cups_pipe(qtbot, vault, person, autosaver, monkeypatch):
    """Preview from memory, the system print dialog, then the PDF piped to lp."""
    i18n.set_language("en")
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    editor.mal.setPlainText("Arbete inom lager")
    sent = []
    seen = {}

    class FakePrintDialog:
        def __init__(self, printer, parent=None):
            self.printer = printer

        def setMinMax(self, low, high):
            seen["pages"] = high

        def exec(self):
            self.printer.setCopyCount(2)
            return QDialog.DialogCode.Accepted

    def fake_exec(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=20000)  # rendered off the UI thread
        seen["loaded"] = dialog.pages.page_count()
        seen["temp_during"] = temp_files()
        dialog.print_button.click()  # prints and closes the preview
        assert dialog.printed and dialog.pages.page_count() == 0
        return dialog.result()

    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", fake_exec)
    monkeypatch.setattr(printing, "uses_cups", lambda: True)
    monkeypatch.setattr(printing, "send_to_cups", lambda pdf, args: sent.append((pdf, args)))
    rec = editor.print_bar.print_document()
    assert rec is not None and rec.version == 1
    assert seen["loaded"] >= 1 and seen["pages"] == seen["loaded"]
    assert seen["temp_during"] == []
    (pdf, args), = sent
    assert pdf.startswith(b"%PDF") and "Version 1" in pdf_text(pdf)
    assert args[:2] == ["-t", "individuell-plan-v1"]  # the queue sees no personal data
    assert ["-n", "2"] == args[2:4]  # the copies chosen in the dialog
    assert person.namn not in " ".join(args)
    assert pr.PrintLog(vault).latest(plan_id).version == 1
    assert "Printed as version 1" in editor.print_bar.state_label.text()


def test_print_preview_closed_without_printing_records_nothing(qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert editor.print_bar.print_document() is None
    assert pr.PrintLog(vault).versions(plan_id) == []


def test_characters_no_font_has_are_warned_of_before_printing(qtbot, vault, person, autosaver, tmp_path,
                                                              monkeypatch):
    """An emoji typed into the goal: the preview says, before anything is printed, that it
    prints as the placeholder; Save as PDF asks first (Cancel saves nothing). Arabic and
    Tigrinya, which the printout's fonts have, raise no warning."""
    no_offer(monkeypatch)
    i18n.set_language("en")
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    editor.show()
    plan_id = editor.create_plan().id
    editor.mal.setFocus()
    type_text(editor.mal, "Arbete مريم ሰላም 😀")
    seen = []

    def look(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=20000)
        seen.append((not dialog.missing_label.isHidden(), dialog.missing_label.text(), dialog.printed))
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", look)
    qtbot.mouseClick(editor.print_bar.print_button, Qt.MouseButton.LeftButton)
    visible, text, printed = seen[0]
    assert visible and not printed
    assert "One character is in none of the printout's fonts" in text and "U+1F600" in text
    assert "U+0645" not in text and "U+1230" not in text

    asked = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, message, *a: asked.append(message)
                        or QMessageBox.StandardButton.Cancel)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "plan.pdf"), ""))
    assert editor.print_bar.save_pdf() is None
    assert "U+1F600" in asked[0] and not (tmp_path / "plan.pdf").exists()
    assert pr.PrintLog(vault).versions(plan_id) == []

    editor.mal.setFocus()
    qtbot.keyClick(editor.mal, Qt.Key.Key_Backspace)  # the emoji goes
    assert editor.mal.toPlainText() == "Arbete مريم ሰላም "
    assert editor.print_bar.save_pdf() == tmp_path / "plan.pdf" and len(asked) == 1  # nothing to warn of


def test_right_to_left_text_runs_right_to_left_in_a_field(qtbot):
    """Arabic typed into a line field is laid out from the right: the cursor at its start
    stands to the right of the cursor at its end."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
    line = QLineEdit()
    qtbot.addWidget(line)
    line.show()
    line.setFocus()
    type_text(line, "مريم الحسن")
    line.setCursorPosition(0)
    start = line.cursorRect().x()
    line.setCursorPosition(len(line.text()))
    assert line.cursorRect().x() < start
    box = QPlainTextEdit()
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    type_text(box, "مريم الحسن")
    cursor = box.textCursor()
    cursor.setPosition(0)
    box.setTextCursor(cursor)
    start = box.cursorRect().x()
    cursor.setPosition(len(box.toPlainText()))
    box.setTextCursor(cursor)
    assert box.cursorRect().x() < start


def test_render_pages_onto_a_printer(qtbot, tmp_path):
    """The QPainter path (Windows, macOS): every page drawn onto the QPrinter."""
    from kartlaggning.printouts import samples
    pdf = render(PrintContent(PLAN, samples.sample_plan()), samples.sample_header(), samples.sample_info(1))
    dialog = printing.PdfPreviewDialog(pdf, "preview", "individuell-plan-v1")
    qtbot.addWidget(dialog)
    pages = dialog.pages.page_count()
    assert pages >= 2
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer-output.pdf"))
    printer.setResolution(150)
    printing.render_to_printer(dialog.pages, printer)
    printed = PdfReader(str(tmp_path / "printer-output.pdf")).pages
    assert len(printed) == pages
    for page in printed:  # each page carries the page rendered at the printer's resolution (A4 at 150 dpi)
        images = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        assert [(im["/Subtype"], abs(im["/Width"] - 1240) <= 1, abs(im["/Height"] - 1754) <= 1)
                for im in images] == [("/Image", True, True)]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printing.render_to_printer(dialog.pages, printer)
    assert len(PdfReader(str(tmp_path / "page2.pdf")).pages) == 1
    dialog.reject()  # closing drops the document and blanks the buffer
    assert dialog.pages.page_count() == 0
    assert set(dialog.pages._data) == {0}


def test_preview_shows_pages_from_memory_with_zoom(qtbot):
    """Pages in view are rendered (far ones wait, and are dropped again); zoom and fit to width."""
    from babel.numbers import format_percent
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    from kartlaggning.printouts import samples
    from kartlaggning.ui.plans.pdf_view import MARGIN
    i18n.set_language("en")
    pdf = render(PrintContent(KARTLAGGNING, samples.sample_kartlaggning(), samples.sample_participant(),
                              samples.HANDLAGGARE), samples.sample_header(), samples.sample_info(1))
    dialog = printing.PdfPreviewDialog(pdf, "preview", "kartlaggning-v1")
    qtbot.addWidget(dialog)
    dialog.resize(820, 960)
    dialog.show()
    view = dialog.view
    count = dialog.pages.page_count()
    assert count >= 4 and dialog.page_count_label.text() == f"{count} pages"
    qtbot.waitUntil(lambda: 0 in view.rendered_pages())
    assert count - 1 not in view.rendered_pages()  # rendered when scrolled to
    first = view.page_labels[0]
    assert view.fit_width and dialog.fit_button.isChecked()
    fit_room = view.viewport().width() - 2 * MARGIN
    assert abs(first.width() - fit_room) <= 2
    image = first.pixmap().toImage()
    assert image.pixelColor(3, 3) == QColor("white")
    dark = sum(image.pixelColor(x, y).lightness() < 110
               for x in range(0, image.width(), 3) for y in range(0, image.height() // 3, 3))
    assert dark > 200  # the letterhead and the first table are there

    width = first.width()
    dialog.zoom_in_button.click()
    assert not view.fit_width and not dialog.fit_button.isChecked()
    assert first.width() > width and dialog.zoom_label.text() == format_percent(view.zoom, locale="en_GB")
    zoomed = view.zoom
    wheel = QWheelEvent(QPointF(50, 50), QPointF(view.mapToGlobal(QPoint(50, 50))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom < zoomed

    view.set_zoom(1.5)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: count - 1 in view.rendered_pages())
    assert 0 not in view.rendered_pages() and first.pixmap().isNull()  # out of view: dropped
    last = view.page_labels[-1].pixmap()
    assert last.width() == round(view.page_pixel_size(count - 1).width() * last.devicePixelRatio())

    dialog.fit_button.click()
    assert view.fit_width and abs(first.width() - fit_room) <= 2
    dialog.reject()
    assert dialog.pages.page_count() == 0 and view.rendered_pages() == []


def test_print_to_file_from_print_dialog_writes_the_same_pdf(qtbot, tmp_path, monkeypatch):
    from kartlaggning.printouts import samples
    pdf = render(PrintContent(KOMPETENSKORT, samples.sample_kompetenskort()), samples.sample_header(),
                 samples.sample_info(1))
    target = tmp_path / "chosen-in-dialog.pdf"

    class FakePrintDialog:
        def __init__(self, printer, parent=None):
            self.printer = printer

        def setMinMax(self, *_a):
            pass

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    dialog = printing.PdfPreviewDialog(pdf, "preview", "kompetenskort-v1")
    qtbot.addWidget(dialog)
    assert dialog.print_now()
    assert target.read_bytes() == pdf


def test_lp_arguments_carry_dialog_choices():
    class ChosenPrinter:  # what a QPrinter reports after the dialog (no CUPS printer here)
        printerName = staticmethod(lambda: "skrivare/dubbel")
        copyCount = staticmethod(lambda: 3)
        collateCopies = staticmethod(lambda: True)
        printRange = staticmethod(lambda: QPrinter.PrintRange.PageRange)
        fromPage = staticmethod(lambda: 2)
        toPage = staticmethod(lambda: 3)
        duplex = staticmethod(lambda: QPrinter.DuplexMode.DuplexLongSide)
        colorMode = staticmethod(lambda: QPrinter.ColorMode.GrayScale)

    args = printing.lp_arguments(ChosenPrinter(), "utvecklingsplan-v4")
    assert args[:4] == ["-t", "utvecklingsplan-v4", "-d", "skrivare/dubbel"]
    for pair in (["-n", "3"], ["-P", "2-3"], ["-o", "collate=true"], ["-o", "print-color-mode=monochrome"],
                 ["-o", "sides=two-sided-long-edge"]):
        assert any(args[i:i + 2] == pair for i in range(len(args))), pair
    plain = printing.lp_arguments(QPrinter(), "plan-v1")
    assert plain[:2] == ["-t", "plan-v1"] and "-n" not in plain and "-P" not in plain


def test_documents_tab_and_kartlaggning_print(qtbot, vault, person, autosaver, tmp_path, monkeypatch):
    no_offer(monkeypatch)
    i18n.set_language("en")
    k = vault.repo.new_kartlaggning(person.id)
    k.atgarder_innan_plan = "Kontakt med vårdcentralen"
    vault.repo.save_kartlaggning(k)
    tab = DocumentsTab(vault.repo, person.id, autosaver)
    qtbot.addWidget(tab)
    names = [tab.tabs.tabText(i).replace("&", "") for i in range(tab.tabs.count())]
    assert names[:4] == ["Individuell plan", "Utvecklingsplaner", "Kompetenskort", "Kartläggning (printout)"]
    assert tab.tabs.widget(3) is tab.kartlaggning  # the method's sub-tabs follow (Matchning … Avslut)
    assert tab.kartlaggning.print_bar.state_label.text() == "Not printed yet"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "k.pdf"), ""))
    path = printing.print_kartlaggning(tab, vault.repo, person.id, autosaver=autosaver, to_pdf=True)
    assert path == tmp_path / "k.pdf"
    rec = pr.PrintLog(vault).latest(k.id)
    assert rec.version == 1 and rec.content_hash in pdf_text(path.read_bytes())
    tab.kartlaggning.refresh()
    assert "Printed as version 1" in tab.kartlaggning.print_bar.state_label.text()
    vault.repo.save_atgarder(k.id, "Kontakt med vårdcentralen och tandläkaren")
    tab.kartlaggning.refresh()
    assert "Changed since printing" in tab.kartlaggning.print_bar.state_label.text()
    # the plan tab edits and flushes through the same autosaver
    tab.plan.create_plan()
    tab.plan.mal.setPlainText("Mål via fliken")
    assert autosaver.has_pending
    assert tab.flush() and not autosaver.has_pending
    assert vault.repo.documents(person.id, "plan")[0].mal == "Mål via fliken"


def test_settings_from_documents_tab(qtbot, vault, person, autosaver, monkeypatch):
    def fill(dialog):
        dialog.kommun.setText("Provbyviks kommun")
        return QDialog.DialogCode.Accepted if dialog.save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(UnitSettingsDialog, "exec", fill)
    tab = DocumentsTab(vault.repo, person.id, autosaver)
    qtbot.addWidget(tab)
    assert tab.open_settings()
    assert pr.load_unit_header(vault.repo).kommun == "Provbyviks kommun"


def test_send_to_cups_pipes_stdin_to_lp(qapp, tmp_path, monkeypatch):
    """A stand-in lp records its arguments and what it read on stdin."""
    import stat
    import sys
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    received = tmp_path / "received"
    lp = bin_dir / "lp"
    lp.write_text(f"#!{sys.executable}\nimport sys, json\n"
                  f"data = sys.stdin.buffer.read()\n"
                  f"open({str(received)!r}, 'wb').write(json.dumps(sys.argv[1:]).encode() + b'\\n' + data)\n")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    printing.send_to_cups(b"%PDF-1.4 test", ["-t", "plan-v1"])
    head, body = received.read_bytes().split(b"\n", 1)
    assert json.loads(head) == ["-t", "plan-v1"]
    assert body == b"%PDF-1.4 test"
    lp.write_text("#!/bin/sh\ncat >/dev/null\nexit 3\n")
    with pytest.raises(OSError):
        printing.send_to_cups(b"%PDF", ["-t", "x"])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError):
        printing.send_to_cups(b"%PDF", ["-t", "x"])


def test_plan_editor_keeps_a_bad_personnummer_as_typed_and_stores_the_last_good_one(
        qtbot, vault, person, autosaver, monkeypatch):
    no_offer(monkeypatch)
    editor = PlanEditor(vault.repo, person.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    editor.personnummer.setText("19121212-1213")  # wrong check digit
    editor.personnummer.textEdited.emit("")
    plan, errors = editor.collect()
    assert [(e.field, e.code) for e in errors] == [("personnummer", "pnr_checksum")]
    assert plan.personnummer == person.personnummer
    assert editor.personnummer.text() == "19121212-1213"
    autosaver.flush()
    assert vault.repo.get_document(plan_id).personnummer == person.personnummer


def test_pdf_pages_nobody_closed_close_themselves_under_the_pdfium_lock(qapp, monkeypatch):
    """pdfium is not thread-safe: a preview's pages dropped without close() (a dialog
    destroyed unseen) are closed under the lock when collected, whatever thread the
    collector runs in, and the PDF bytes are blanked."""
    import gc
    import threading

    from kartlaggning.printouts import samples
    from kartlaggning.ui.plans import pdf_pages
    pdf = render(PrintContent(KARTLAGGNING, samples.sample_kartlaggning(), samples.sample_participant(),
                              samples.HANDLAGGARE), samples.sample_header(), samples.sample_info(1))
    closed_in = []
    real_close = pdf_pages.PdfPages.close

    def close(self):
        if self._document is not None:
            closed_in.append(threading.current_thread().name)
        real_close(self)

    monkeypatch.setattr(pdf_pages.PdfPages, "close", close)
    gc.collect()  # earlier tests' garbage goes now, here
    was_enabled = gc.isenabled()  # off in the suite and the program (ui/main_thread_gc.py)
    gc.disable()  # and no automatic collection frees ours on this thread before the collector's
    try:
        pages = pdf_pages.PdfPages(pdf)
        pages.cycle = pages  # only the cyclic collector frees it
        data = pages._data
        closed_in.clear()
        del pages
        collector = threading.Thread(target=gc.collect, name="collector")
        collector.start()
        collector.join()
    finally:
        if was_enabled:
            gc.enable()
    assert closed_in == ["collector"]
    assert not any(data)
