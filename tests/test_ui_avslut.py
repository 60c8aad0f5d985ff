"""Avslut in the window: begun, the slutdokumentation pre-filled from the vault, typed
into, kept over a lock, closed (the whole record read only, with the banner, nothing
written however hard one types), printed, reopened and edited again. Real key events
into the real editors and real clicks; the question boxes answered by a stand-in."""
from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QFileDialog, QLineEdit, QMessageBox,
                               QPlainTextEdit, QTextEdit)
from pypdf import PdfReader

from kartlaggning import cli, i18n
from kartlaggning.config import AppConfig
from kartlaggning.models import GridEntry, IndividuellPlan, Kompetenskort, Participant, Rating
from kartlaggning.models.method import (SLUT_FIELDS, SLUT_SECTIONS, Anpassning, Avslut, Matchning, MatchningBeslut,
                                        Utfall, Workplace)
from kartlaggning.models.printed import SLUTDOKUMENTATION
from kartlaggning.services import method, printing
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.plans.base import DocumentEditor
from kartlaggning.ui.plans.printing import PrintBar
from kartlaggning.ui.session import Session
from kartlaggning.ui.widgets import ErrorLabel
from kartlaggning.ui.wizard.summary_print import SummaryPrintBar
from kartlaggning.ui.wizard.wizard import PAGE_ATGARDER, PAGE_OMGIVNING

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import click_step, click_tab, type_into, type_text, unlock

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "Avsluta Testsson"
SHOTS = Path("/tmp/avslut_shots")


# ---- a participant with a kartläggning, an arbetsträning and a Kompetenskort ------------------

@pytest.fixture
def record(vault_path):
    """Made through the models and the repository, as the other screens would have."""
    v, _key = Vault.create(vault_path, PASSPHRASE)
    repo = v.repo
    p = Participant(namn=NAME, personnummer=make_pnr(11), telefon="0123-11 11 11")
    p.referral.omfattning_procent = 50
    repo.save_participant(p)
    pr.save_handlaggare(repo, pr.Handlaggare("Hanna Handläggare", "0123-44 44 44"))
    k = repo.new_kartlaggning(p.id)
    k.area("arbete").fakta = "Fem år på lager."
    k.area("arbete").resurser.append(GridEntry("Truckkort"))
    k.area("kroppsfunktioner").hinder.append(GridEntry("Ont i ryggen"))
    k.atgarder_innan_plan = "Kontakt med vårdcentralen"
    k.sammanstallning.bedomning = "Redo för arbetsträning på lager."
    repo.save_kartlaggning(k)
    w = Workplace(arbetsplats="Lagret", handledare="Pia Prov", handledare_telefon="070-1", arbetsuppgifter="Plock")
    repo.save_workplace(w)
    repo.save_document(Matchning(participant_id=p.id, beslut=MatchningBeslut.ARBETSTRANING, workplace_id=w.id))
    t = method.new_arbetstraning(repo, p.id, today=date(2027, 1, 4))
    t.anpassningar = [Anpassning("Inga tunga lyft", "Fungerade")]
    repo.save_document(t)
    repo.save_document(Kompetenskort(participant_id=p.id, namn=p.namn, personnummer=p.personnummer,
                                     kompetenser="Noggrann", datum=date(2027, 6, 20),
                                     betyg=[Rating("narvaro", 4, "Alltid i tid")]))
    repo.save_document(IndividuellPlan(participant_id=p.id, namn=p.namn, personnummer=p.personnummer,
                                       mal="Arbete inom lager"))
    v.close()
    return p


@pytest.fixture
def window(qtbot, vault_path, monkeypatch):
    """The real window (real wizard and Plans tab), in English: the new strings are not in
    the catalogue until it is merged, and English shows the msgids as they are."""
    i18n.set_language("en")
    windows = []

    def make() -> MainWindow:
        w = MainWindow(Session(vault_path), AppConfig())
        qtbot.addWidget(w)
        w.resize(1300, 900)
        w.show()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # shortcuts need an active window
        w.start()
        unlock(qtbot, w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.shutdown()


class Questions:
    """Stands in for QMessageBox.question: records what was asked, answers Yes."""

    def __init__(self, monkeypatch, answer=QMessageBox.StandardButton.Yes):
        self.asked: list[tuple[str, str]] = []
        self.answer = answer
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self))

    def __call__(self, parent, title, text, *args, **kwargs):
        self.asked.append((title, text))
        return self.answer


def open_avslut(qtbot, w: MainWindow, pid: str):
    page = w.participant_page if w.participant_page is not None else w.open_participant(pid)
    click_tab(qtbot, page, "plans")
    tab = page.tab_widget("plans")
    bar = tab.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(tab.tabs.indexOf(tab.avslut)).center())
    assert tab.tabs.currentWidget() is tab.avslut
    qtbot.waitUntil(tab.avslut.isVisible, timeout=3000)
    return page, tab.avslut


def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget.text()
    qtbot.mouseClick(widget, LEFT)


def click_radio(qtbot, button) -> None:
    """On the indicator: the middle of a wide radio button may be empty space."""
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def type_at_end(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_End, CTRL)
    type_text(widget, text)


def rows_of(vault: Vault, pid: str) -> dict:
    """Everything stored about the participant, row by row (the audit and prints aside)."""
    c = vault.conn
    kids = [r[0] for r in c.execute("SELECT id FROM kartlaggningar WHERE participant_id=?", (pid,))]
    marks = ",".join("?" * len(kids))
    out = {"participants": c.execute("SELECT * FROM participants WHERE id=?", (pid,)).fetchall(),
           "documents": c.execute("SELECT * FROM documents WHERE participant_id=? ORDER BY id", (pid,)).fetchall(),
           "drafts": c.execute("SELECT * FROM drafts WHERE participant_id=? ORDER BY scope, path", (pid,)).fetchall(),
           "kartlaggningar": c.execute("SELECT * FROM kartlaggningar WHERE participant_id=?", (pid,)).fetchall()}
    for table in ("samtal", "area_facts", "entries"):
        out[table] = c.execute(f"SELECT * FROM {table} WHERE kartlaggning_id IN ({marks}) ORDER BY 1, 2",
                               kids).fetchall()
    return out


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def shoot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


# ---- the whole avslut, by hand ---------------------------------------------------------------

def test_begin_type_lock_close_read_only_reopen(qtbot, window, record, vault_path, tmp_path, monkeypatch):
    questions = Questions(monkeypatch)
    w = window()
    page, editor = open_avslut(qtbot, w, record.id)
    assert editor.form_stack.currentWidget() is editor.empty

    # "Påbörja avslut": the slutdokumentation pre-filled from what the vault holds
    click(qtbot, editor.start_button)
    assert editor.form_stack.currentIndex() == 1 and editor.doc.pagaende
    slut = editor.slut
    assert "Fem år på lager." in slut["arbetslivserfarenhet"].toPlainText()
    assert "Truckkort" in slut["arbetslivserfarenhet"].toPlainText()
    assert "Ont i ryggen" in slut["sjukdomshistorik"].toPlainText()
    assert "Lagret" in slut["arbetsplats"].toPlainText() and "Pia Prov" in slut["arbetsplats"].toPlainText()
    assert slut["arbetsuppgifter"].toPlainText() == "Plock"
    assert slut["anpassningar"].toPlainText() == "Inga tunga lyft: Fungerade"
    assert slut["narvaro"].toPlainText() == "Närvaro/punktlighet: god – Alltid i tid"  # from the Kompetenskort
    assert slut["starka_sidor"].toPlainText() == "Noggrann"
    assert slut["sammanfattning"].toPlainText() == "Redo för arbetsträning på lager."
    assert not page.read_only and not method.is_closed(w.session.repo, record.id)  # being written: still active
    assert w.session.repo.search("")[0].status != "closed"
    shoot(w, "01-avslut-begun")

    # type into a section, choose Avbrott and give the reason
    type_at_end(slut["ovriga_observationer"], "Tar egna initiativ på lagret.")
    assert not editor.avbrott_orsak.isVisible()
    click_radio(qtbot, editor.utfall_buttons[Utfall.AVBROTT])
    assert editor.avbrott_orsak.isVisible() and not editor.anstallningsform.isVisible()
    type_into(editor.avbrott_orsak, "Flyttar till Malmö")
    QTest.keyClick(editor.avbrott_orsak, Qt.Key.Key_L, CTRL)  # lock from inside the field, at once
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)

    unlock(qtbot, w)
    page, editor = open_avslut(qtbot, w, record.id)
    assert editor.avbrott_orsak.toPlainText() == "Flyttar till Malmö"
    assert editor.slut["ovriga_observationer"].toPlainText() == "Tar egna initiativ på lagret."
    assert editor.utfall_buttons[Utfall.AVBROTT].isChecked() and editor.avbrott_orsak.isVisible()

    # "Avsluta deltagaren": the question names the participant and the outcome
    type_at_end(editor.kommentar, "Hör av sig vid behov.")
    click(qtbot, editor.close_button)
    title, text = questions.asked[-1]
    assert NAME in text and "Discontinued" in text
    repo = w.session.repo
    assert method.is_closed(repo, record.id) and repo.search("")[0].status == "closed"
    stored = method.open_avslut(repo, record.id)
    assert stored.kommentar == "Hör av sig vid behov." and stored.avbrott_orsak == "Flyttar till Malmö"
    assert page.read_only and page.closed_banner.isVisible()
    banner = page.closed_label.text()
    assert banner.startswith("Closed on") and "(Discontinued)" in banner and banner.endswith("Reopen to make changes.")
    assert not editor.close_button.isVisible() and editor.print_bar.pdf_button.isEnabled()
    shoot(w, "02-avslut-closed")

    # printing is still allowed: the slutdokumentation as the participant gets it
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out / "slut.pdf"), "")))
    click(qtbot, editor.print_bar.pdf_button)
    text = pdf_text((out / "slut.pdf").read_bytes())
    assert "Slutdokumentation" in text and "Avbrott" in text and "Flyttar till Malmö" in text
    assert "Tar egna initiativ på lagret." in text and "Hanna Handläggare" in text

    # the whole record refuses input: form, wizard, plan, the avslut itself; nothing is written
    before = rows_of(w.session.vault, record.id)
    click_tab(qtbot, page, "participant")
    assert page.closed_banner.isVisible()
    namn = page.form._line("namn")
    type_into(namn, "XYZ")
    QTest.keyClicks(page.form._line("telefon"), "999")
    assert namn.text() == NAME and page.form._line("telefon").text() == "0123-11 11 11"
    tolk = page.form.fields["tolkbehov"].row.field
    qtbot.mouseClick(tolk, LEFT, pos=QPoint(8, tolk.height() // 2))
    assert not tolk.isChecked() and not tolk.isEnabled()
    shoot(w, "03-read-only-participant-form")

    click_tab(qtbot, page, "kartlaggning")
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible)  # built when its tab is first shown
    assert page.closed_banner.isVisible()
    click_step(qtbot, wizard, PAGE_ATGARDER)
    type_into(wizard.atgarder_page.field.editor, "mer text")
    assert wizard.atgarder_page.field.text() == "Kontakt med vårdcentralen"
    click_step(qtbot, wizard, PAGE_OMGIVNING, "arbete")
    area = wizard.omgivning_page.current_editor
    type_into(area.fakta.editor, "ny fakta")
    QTest.keyClick(area.fakta.editor, Qt.Key.Key_H, CTRL | Qt.KeyboardModifier.ShiftModifier)  # add hinder
    entry = area.resurser.rows[0]
    type_into(entry.edit, "mer")
    QTest.keyClick(entry.edit, Qt.Key.Key_Delete, CTRL | Qt.KeyboardModifier.ShiftModifier)  # remove entry
    assert area.fakta.text() == "Fem år på lager." and len(area.hinder.rows) == 0
    assert [r.text() for r in area.resurser.rows] == ["Truckkort"]
    assert not area.resurser.add_button.isEnabled() and not wizard.timer.start_button.isEnabled()
    shoot(w, "04-read-only-wizard")

    click_tab(qtbot, page, "plans")
    tab = page.tab_widget("plans")
    bar = tab.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(tab.tabs.indexOf(tab.plan)).center())
    plan = tab.plan
    type_into(plan.mal, "Annat mål")
    type_into(plan.namn, "Q")
    assert plan.mal.toPlainText() == "Arbete inom lager" and plan.namn.text() == NAME
    assert not plan.new_button.isEnabled() and plan.print_bar.print_button.isEnabled()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(tab.tabs.indexOf(tab.avslut)).center())
    type_into(editor.slut["sammanfattning"], "ändrat")
    assert editor.slut["sammanfattning"].toPlainText() == "Redo för arbetsträning på lager."
    assert page.flush()
    assert rows_of(w.session.vault, record.id) == before  # not one byte of the record changed

    # "Öppna igen": asked, audited, everything editable again, nothing lost
    click(qtbot, page.reopen_button)
    assert NAME in questions.asked[-1][1]
    assert not page.read_only and not page.closed_banner.isVisible()
    assert not method.is_closed(repo, record.id)
    assert editor.form_stack.currentWidget() is editor.empty and editor.start_button.isEnabled()
    assert "reopened" in editor.empty_note.text()
    type_at_end(plan.mal, " och truck")
    click_tab(qtbot, page, "participant")
    type_into(page.form._line("telefon"), "0123-22 22 22", replace=True)
    click_tab(qtbot, page, "kartlaggning")
    click_step(qtbot, wizard, PAGE_ATGARDER)
    type_at_end(wizard.atgarder_page.field.editor, " och tandläkaren")
    assert wizard.timer.start_button.isEnabled()
    assert page.flush()
    assert repo.get_participant(record.id).telefon == "0123-22 22 22"
    assert repo.latest_kartlaggning(record.id).atgarder_innan_plan == "Kontakt med vårdcentralen och tandläkaren"
    assert repo.documents(record.id, "plan")[0].mal == "Arbete inom lager och truck"
    avsluts = repo.documents(record.id, "avslut")
    assert len(avsluts) == 1 and avsluts[0].ateroppnad == date.today() and avsluts[0].avbrott_orsak == "Flyttar till Malmö"

    # a new avslut after the reopening starts from what was written then
    page, editor = open_avslut(qtbot, w, record.id)
    click(qtbot, editor.start_button)
    assert editor.utfall_buttons[Utfall.AVBROTT].isChecked()
    assert editor.slut["ovriga_observationer"].toPlainText() == "Tar egna initiativ på lagret."
    w.close()

    with Vault.open(vault_path, PASSPHRASE) as v:
        entries = v.audit.entries(record.id)
    events = [(e.event, e.detail) for e in entries]
    assert ("participant.closed", "avbrott") in events and ("participant.reopened", "") in events
    assert [e for e, _d in events].index("participant.closed") < [e for e, _d in events].index("participant.reopened")
    assert NAME not in repr(entries) and record.personnummer not in repr(entries)


def test_closing_asks_and_a_no_changes_nothing(qtbot, window, record, monkeypatch):
    questions = Questions(monkeypatch, answer=QMessageBox.StandardButton.Cancel)
    w = window()
    page, editor = open_avslut(qtbot, w, record.id)
    click(qtbot, editor.start_button)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a)))
    click(qtbot, editor.close_button)  # no outcome chosen yet: said at the field, nothing asked
    assert questions.asked == [] and "Choose the outcome first." in editor.utfall_row.error()
    click_radio(qtbot, editor.utfall_buttons[Utfall.ARBETE])
    assert editor.anstallningsform.isVisible() and editor.subventionerad.isVisible()
    type_into(editor.anstallningsform, "Lönebidrag")
    click(qtbot, editor.close_button)
    assert "Work – Lönebidrag" in questions.asked[-1][1]
    assert not page.read_only and not method.is_closed(w.session.repo, record.id)  # answered Cancel
    assert editor.close_button.isVisible() and not warned


def test_a_section_too_long_to_save_is_a_draft_over_lock_and_closing_waits_for_it(qtbot, window, record,
                                                                                 vault_path, monkeypatch):
    questions = Questions(monkeypatch)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[1:3])))
    w = window()
    page, editor = open_avslut(qtbot, w, record.id)
    click(qtbot, editor.start_button)
    click_radio(qtbot, editor.utfall_buttons[Utfall.STUDIER])
    box = editor.slut["utbildningsbakgrund"]
    QGuiApplication.clipboard().setText("y" * 20_005)
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_V, CTRL)  # pasted: too long to be the value
    QGuiApplication.clipboard().clear()
    type_at_end(editor.slut["skulder"], "Inga skulder")  # the other fields are saved meanwhile
    QTest.keyClick(editor.slut["skulder"], Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    unlock(qtbot, w)
    page, editor = open_avslut(qtbot, w, record.id)
    assert editor.slut["utbildningsbakgrund"].toPlainText() == "y" * 20_005  # back where it was typed
    assert editor.print_bar.drafts_label.isVisible()
    messages = [label.text() for label in editor.findChildren(ErrorLabel) if label.isVisible()]
    assert any("kept as a draft" in m for m in messages)
    stored = method.avslut_being_written(w.session.repo, record.id)
    assert stored.slutdokumentation["skulder"] == "Inga skulder" and stored.slutdokumentation["utbildningsbakgrund"] == ""
    click(qtbot, editor.close_button)  # what is closed must be what is saved
    assert warned and questions.asked == [] and not page.read_only
    QTest.mouseClick(editor.print_bar.discard_drafts_button, LEFT)
    click(qtbot, editor.close_button)
    assert questions.asked and page.read_only


# ---- a closed record opened later: the autosaver never writes to it ---------------------------

def test_a_closed_participant_opens_read_only_and_typing_writes_nothing(qtbot, window, record, vault_path):
    with Vault.open(vault_path, PASSPHRASE) as v:
        a = method.start_avslut(v.repo, record.id, today=date(2027, 6, 30))
        a.utfall = Utfall.STUDIER
        method.close(v.repo, a)
    w = window()
    page = w.open_participant(record.id)
    assert page.read_only and page.closed_banner.isVisible() and "(Studies)" in page.closed_label.text()
    before = rows_of(w.session.vault, record.id)
    namn = page.form._line("namn")
    type_into(namn, "Nytt namn", replace=True)
    QTest.keyClick(namn, Qt.Key.Key_Backspace)
    adress = page.form._line("adress")
    type_into(adress, "Gatan 1")
    received = page.form.fields["referral.received"].row.field
    type_into(received.line_edit, "2027-01-01")
    assert namn.text() == NAME and adress.text() == "" and received.text() == ""
    shoot(w, "05-closed-participant-opened")

    click_tab(qtbot, page, "kartlaggning")
    wizard = page.wizard
    qtbot.waitUntil(wizard.isVisible)
    click_step(qtbot, wizard, PAGE_OMGIVNING, "arbete")
    area = wizard.omgivning_page.current_editor
    type_into(area.fakta.editor, "x" * 30)
    QTest.keyClick(area.resurser.rows[0].edit, Qt.Key.Key_Return, CTRL)  # insert an entry after it
    assert len(area.resurser.rows) == 1
    for step in wizard.pages:  # every step: texts read only; buttons off but printing and the questions
        texts = [*step.findChildren(QLineEdit), *step.findChildren(QPlainTextEdit), *step.findChildren(QTextEdit),
                 *step.findChildren(QAbstractSpinBox)]
        assert texts == [] or all(t.isReadOnly() for t in texts), step.title
        allowed = {*(b for p in step.findChildren(SummaryPrintBar) for b in (p.print_button, p.pdf_button)),
                   *(e.questions_button for e in getattr(step, "editors", {}).values())}
        assert not [b.text() for b in step.findChildren(QAbstractButton) if b.isEnabled() and b not in allowed
                    and b.objectName() != "qt_tableview_cornerbutton"]  # (a samtal or overview table's "select all")
    assert wizard.next_button.isEnabled() and wizard.participant_button.isEnabled()  # moving and showing
    click_tab(qtbot, page, "plans")
    tab = page.tab_widget("plans")
    bar = tab.tabs.tabBar()
    for i in range(tab.tabs.count()):  # every sub-tab: each text refuses input, only printing is a button
        editor = tab.tabs.widget(i)
        qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(i).center())
        assert tab.tabs.currentIndex() == i and page.closed_banner.isVisible()
        printing_parts = [b for p in editor.findChildren(PrintBar) for b in (p.print_button, p.pdf_button)]
        for button in editor.findChildren(QAbstractButton):
            if button.isVisible() and button not in printing_parts and button is not getattr(
                    editor, "kompetenskort_button", None):
                assert not button.isEnabled(), f"{type(editor).__name__}: {button.text()}"
        for text in [*editor.findChildren(QLineEdit), *editor.findChildren(QPlainTextEdit)]:
            if text.isVisible():
                assert text.isReadOnly(), f"{type(editor).__name__}: {text.accessibleName()}"
                type_into(text, "x")
        if isinstance(editor, DocumentEditor):
            assert editor.read_only
            if editor.doc is not None:  # a document there is can still be printed
                assert all(b.isEnabled() for b in printing_parts if b.isVisible())
    assert {type(tab.tabs.widget(i)).__name__ for i in range(tab.tabs.count())} >= {
        "PlanEditor", "UtvecklingsplanEditor", "KompetenskortEditor", "MatchningEditor", "ArbetstraningEditor",
        "UppfoljningEditor", "AvslutEditor"}
    type_into(tab.plan.mal, "Ändrat")
    delmal = tab.plan.delmal.rows()
    qtbot.mouseClick(tab.plan.delmal.table.viewport(), LEFT, pos=tab.plan.delmal.cell_rect(0, 0).center())
    QTest.keyClicks(tab.plan.delmal.table, "nytt delmål")
    QTest.keyClick(tab.plan.delmal.table, Qt.Key.Key_Insert)  # "Add row"
    assert tab.plan.delmal.rows() == delmal and tab.plan.mal.toPlainText() == "Arbete inom lager"
    assert page.flush()
    w.lock()  # everything the lock flushes, too
    w.close()  # quit (the lock of the file goes with it)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert rows_of(v, record.id) == before


# ---- the printout and the command line ---------------------------------------------------------

def _full_avslut(pid: str) -> Avslut:
    a = Avslut(participant_id=pid, datum=date(2027, 6, 30), utfall=Utfall.AVBROTT,
               avbrott_orsak="Flyttar <till> Malmö & Lund", kommentar="Hör av sig")
    a.slutdokumentation = {name: f"Text om {name}." for name in SLUT_FIELDS}
    return a


def test_the_printout_has_every_heading_in_order_and_the_outcome_in_words(vault, participant):
    vault.repo.save_participant(participant)
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Hanna Handläggare", ""))
    a = _full_avslut(participant.id)
    vault.repo.save_document(a)
    content = printing.current_content(vault.repo, SLUTDOKUMENTATION, a)
    text = pdf_text(printing.prepare(vault.repo, content).render())
    headings = [h for section, fields in SLUT_SECTIONS for h in (section, *(label for _n, label in fields))
                if not (len(fields) == 1 and fields[0][1] == section and h == fields[0][1] and h != section)]
    positions = [text.index(h) for h in dict.fromkeys(headings)]
    assert positions == sorted(positions), "the sections and their headings in the handbook's order"
    assert text.index("Bakgrund") < text.index("Nuvarande situation") < text.index("Tiden i arbetsträning") \
        < text.index("Sammanfattning/bedömning")
    assert "Utfall\nAvbrott" in text and "Flyttar <till> Malmö & Lund" in text  # in words, escaped
    assert participant.namn in text and f"{participant.personnummer[:8]}-{participant.personnummer[8:]}" in text
    assert "30 juni 2027" in text and re.search(r"Sida 1 av \d", text)
    assert text.rindex("Deltagare") > text.index("Sammanfattning/bedömning")
    assert "Arbetsmarknadshandläggare" in text and "Hanna Handläggare" in text
    for name in SLUT_FIELDS:
        assert f"Text om {name}." in text

    # empty parts: left out, but the handledare's and the participant's own get lines to write on
    a.slutdokumentation = {name: "" for name in SLUT_FIELDS}
    a.slutdokumentation["arbetsplats"] = "Lagret"
    text = pdf_text(printing.prepare(vault.repo, printing.current_content(vault.repo, SLUTDOKUMENTATION, a)).render())
    assert "Arbetsplats" in text and "Sjukdomshistorik" not in text and "Närvaro" not in text
    assert "Handledarens beskrivning" in text and "Deltagarens egen beskrivning" in text
    assert text.count("Inget antecknat.") == 3  # Bakgrund, Nuvarande situation, Sammanfattning/bedömning

    # the PDF as the participant gets it, as pictures to look at
    SHOTS.mkdir(parents=True, exist_ok=True)
    a = _full_avslut(participant.id)
    pdf = printing.prepare(vault.repo, printing.current_content(vault.repo, SLUTDOKUMENTATION, a)).render()
    (SHOTS / "slutdokumentation.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(SHOTS / "slutdokumentation.pdf"),
                    str(SHOTS / "slutdokumentation")], check=False, capture_output=True)


def test_closing_or_reopening_does_not_make_the_paper_changed(vault, participant):
    vault.repo.save_participant(participant)
    a = method.start_avslut(vault.repo, participant.id, today=date(2027, 6, 30))
    a.utfall = Utfall.ARBETE
    vault.repo.save_document(a)
    job = printing.prepare(vault.repo, printing.current_content(vault.repo, SLUTDOKUMENTATION, a))
    printing.record(vault.repo, job)
    method.close(vault.repo, vault.repo.get_document(a.id))
    closed = printing.current_content(vault.repo, SLUTDOKUMENTATION, vault.repo.get_document(a.id))
    assert method.is_closed(vault.repo, participant.id)
    assert not pr.PrintLog(vault).changed_since_print(closed)  # the signed paper is still what is stored
    method.reopen(vault.repo, participant.id)
    reopened = printing.current_content(vault.repo, SLUTDOKUMENTATION, vault.repo.get_document(a.id))
    assert not pr.PrintLog(vault).changed_since_print(reopened)


def test_being_written_is_not_closed(vault, participant):
    vault.repo.save_participant(participant)
    a = method.start_avslut(vault.repo, participant.id)
    assert a.pagaende and method.avslut_being_written(vault.repo, participant.id).id == a.id
    assert not method.is_closed(vault.repo, participant.id)
    assert vault.repo.search("")[0].status != "closed"
    method.close(vault.repo, a)
    assert method.is_closed(vault.repo, participant.id) and method.avslut_being_written(vault.repo, participant.id) is None
    assert vault.repo.search("")[0].status == "closed"


@pytest.fixture
def print_registered(monkeypatch):
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])


def test_print_document_slutdokumentation(vault, vault_path, participant, passphrase, tmp_path, monkeypatch,
                                          print_registered, capsys):
    vault.repo.save_participant(participant)
    a = _full_avslut(participant.id)
    a.pagaende = True
    vault.repo.save_document(a)
    method.close(vault.repo, a)
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    out = tmp_path / "slut.pdf"
    argv = ["print", "--vault", str(vault_path), "--participant", participant.personnummer,
            "--document", "slutdokumentation", "--out", str(out)]
    assert cli.main(argv) == 0
    assert "slutdokumentation, version 1" in capsys.readouterr().out
    text = pdf_text(out.read_bytes())
    assert "Slutdokumentation" in text and "Avbrott" in text and "Text om sammanfattning." in text
    assert cli.main([*argv[:-2], "--index", "1", "--out", str(tmp_path / "first.pdf")]) == 0
    assert cli.main([*argv[:-2], "--version", "1", "--out", str(tmp_path / "again.pdf")]) == 0
    assert pdf_text((tmp_path / "again.pdf").read_bytes()) == text


def test_read_only_dates_have_no_clear_button_until_reopened(qtbot):
    """A date in a closed record cannot change: its ⊗ goes, and comes back when reopened."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kartlaggning.ui import read_only
    from kartlaggning.ui.widgets import OptionalDateEdit
    root = QWidget()
    qtbot.addWidget(root)
    field = OptionalDateEdit(root)
    QVBoxLayout(root).addWidget(field)
    field.setText("2027-06-30")
    assert field.line_edit.isClearButtonEnabled()
    read_only.apply(root, True)
    assert field.line_edit.isReadOnly() and not field.line_edit.isClearButtonEnabled()
    read_only.apply(root, False)
    assert not field.line_edit.isReadOnly() and field.line_edit.isClearButtonEnabled()
