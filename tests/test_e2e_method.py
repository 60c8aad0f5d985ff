"""Issue 9's second proof: one new participant walked through the whole method in the
real window (offscreen), from the referral to avslut, by real key events and mouse
clicks, and every document printed on the way.

1. Deltagare: name, personnummer, address, a kontaktperson typed into the table; every
   field of Bilaga 1; the Medgivande's parties and date. Anvisning printed (preview,
   then the system print dialog), Medgivande saved as PDF.
2. Kartläggning in the wizard: a samtal, a hinder and a resurs in two areas, the
   motivationskors, the sammanställning signed, the samtal ended; printed.
3. Individuell plan: created (the carry-over taken), mål, a delmål in a cell, signed; printed.
4. Matchning to a workplace added in the register, resting on a resurs ticked in the list.
5. Arbetsträning: beslut, a 2-step schema typed into its cells, an anpassning; printed.
6. An uppföljning that starts the next Utvecklingsplan; the Utvecklingsplan typed; printed.
7. Kompetenskort: ratings clicked, kompetenser typed; printed.
8. Avslut: begun, an outcome, a slutdokumentation section; printed; closed (asked);
   the banner, and a field refusing input.

After each print the PDF's text holds what was typed for that document and the print log
has its version. At the end Ctrl+L from inside a field locks, the passphrase unlocks,
and the repository holds every value typed.

Only the operating system's own dialogs are stand-ins: the print dialog (answered
"Print"), the file dialog (answers a file in the test's folder), ``lp`` (receives the
PDF) and the message boxes (questions answered as a user would and recorded; a warning
fails the test). The app's own modal dialogs (the preview, the carry-over, the workplace
register) are shown and clicked through in place of their ``exec``, never waited on.
Widgets are never set from the test: they are clicked, and typed into.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox
from pypdf import PdfReader

from kartlaggning import i18n
from kartlaggning.config import AppConfig
from kartlaggning.models.kartlaggning import Stage
from kartlaggning.models.method import MatchningBeslut, Utfall
from kartlaggning.models.participant import ReferralForm
from kartlaggning.models.printed import MEDGIVANDE, REFERRAL, participant_print_id
from kartlaggning.printouts.common import sv_date
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.ui.main_window import MainWindow, ParticipantPage
from kartlaggning.ui.participants import format_day
from kartlaggning.ui.plans import printing
from kartlaggning.ui.plans.carry_over import CarryOverDialog
from kartlaggning.ui.plans.workplaces_dialog import WorkplacesDialog
from kartlaggning.ui.session import Session
from kartlaggning.ui.wizard.wizard import PAGE_MOTIVATION, PAGE_SAMTAL, PAGE_SUMMARY

from conftest import PASSPHRASE, make_pnr
from test_e2e_gui import add_entry, click_check, click_step, click_tab, type_text, unlock
from test_referral_consent import choose
from test_ui_method import active, click, click_into, replace_text, type_in_cell, type_in_date_cell, visible

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No

TODAY = date.today()


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# ---- what is typed ---------------------------------------------------------------------------

NAME = "Åsa Öberg-Testsson"
PNR = make_pnr(13, year=1979)
PNR_TYPED = f"{PNR[:8]}-{PNR[8:]}"
ADRESS = "Provgatan 7, 123 45 Exempelby"
CONTACT = ("Kim Öberg", "bror", "070-111 22 33")
REFERRAL_TYPED = {"referral.datum": day(-100), "referral.af_handlaggare": "Johan Berg",
                  "referral.af_telefon": "010-486 12 34", "referral.period_from": day(-90),
                  "referral.period_to": day(120), "referral.yrkesomrade": "Lager och logistik",
                  "referral.ersattning": "Enligt avtal, 250 kr per dag", "referral.ersattning_from": day(-90),
                  "referral.ersattning_to": day(120)}
OMFATTNING = 50
OTHER_PARTY = "Vårdcentralen Exempelby"
LEFT_OUT = ("Försäkringskassan", "Hälso- och sjukvården")
CONSENT_SIGNED = day(-85)

AREA_TEXTS = {"arbete": ("Osäker på datorer", "Truckkort sedan 2010"),
              "kroppsfunktioner": ("Ont i ryggen vid tunga lyft", "Går långa promenader")}
CROSS = {"mindre_bra_for_mig": "Rädd att ryggen blir sämre", "bra_for_mig": "Egen lön",
         "mindre_bra_for_omgivningen": "Mindre tid för barnbarnen", "bra_for_omgivningen": "Familjen oroar sig mindre"}
GOAL = "Jobb på ett lager"
OWN_WORDS = "För barnens skull"
SUMMARY = {"text": "Åsa har berättat om sina år på lagret.", "bedomning": "Redo för arbetsträning på lager.",
           "rehabiliteringsforslag": "Arbetsträning med lyfthjälp", "ovriga_atgarder": "Kontakt med vårdcentralen",
           "deltagarens_kommentar": "Jag håller med"}

PLAN_MAL_MORE = " inom ett år"
DELMAL = "Förnya truckkortet"
PLAN_SIGNED = day(-60)

WORKPLACE = {"arbetsplats": "Lagret Hamnen", "adress": "Hamnvägen 2", "handledare": "Pia Prov",
             "handledare_telefon": "070-000 00 01"}
WORKPLACE_TEXTS = {"arbetsuppgifter": "Plock och pack", "anpassningar": "Lyfthjälp finns"}
MOTIVERING = "Truckkortet bär; ryggen kräver lyfthjälp."
ONSKEMAL = "Vill arbeta med händerna"

TRAINING_FROM, TRAINING_TO, AF_DATE = day(-45), day(90), day(-50)
AF_REF = "Af-2026-4711"
SCHEMA = [(day(-45), "50", "4"), (day(-15), "100", "8")]
ANPASSNING = ("Inga tunga lyft", "Fungerar med lyfthjälp")

FOLLOW_UP = {"narvarande": "Pia Prov, Johan Berg", "hur_det_gar": "Kommer i tid varje dag"}
UTV = {"omraden": "Passa tider och be om hjälp", "mitt": "Två väckarklockor", "ame": "Ringa varje måndag",
       "avstamning": "Gick bra första månaden"}
UTV_ROW = (day(30), "Fråga handledaren")

RATINGS = {0: 4, 1: 5, 2: 3}  # rating row -> step (1-5): Närvaro god, Motivation mycket god, Samarbete varken …
KOMPETENSER = "Noggrann och punktlig"
UTVECKLINGSOMRADE = "Datorvana"

ANSTALLNINGSFORM = "Lönebidrag"
OBSERVATIONER = "Tar egna initiativ på lagret."


# ---- the window and the stand-ins for the system's dialogs --------------------------------------

@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """The temp dir and cwd are private and stay empty: printing writes only the files chosen."""
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(cwd)
    yield
    assert os.listdir(tmp) == [], "something was written to the temp dir"
    assert os.listdir(cwd) == [], "something was written to the working dir"


@pytest.fixture
def window(qtbot, vault_path):
    v, _key = Vault.create(vault_path, PASSPHRASE)
    v.close()
    w = MainWindow(Session(vault_path), AppConfig())
    qtbot.addWidget(w)
    w.resize(1400, 1000)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # shortcuts need an active window
    w.start()
    unlock(qtbot, w)
    yield w
    w.shutdown()


class AcceptingPrintDialog:
    """The system print dialog, answered with "Print"."""

    def __init__(self, printer, parent=None):
        pass

    def setMinMax(self, low, high):  # noqa: N802 (Qt)
        pass

    def exec(self):
        return QDialog.DialogCode.Accepted


class Printer:
    """The preview is shown and its "Print…" clicked once the whole document is rendered;
    the print dialog says "Print"; ``lp`` gets the PDF (kept in ``sent``). "Save as PDF"
    answers a file in ``out`` named as suggested (kept in ``saved``)."""

    def __init__(self, qtbot, monkeypatch, out: Path, questions: "Questions"):
        self.qtbot, self.out, self.questions = qtbot, out, questions
        self.sent: list[tuple[bytes, list[str]]] = []
        self.saved: list[Path] = []
        out.mkdir()
        monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)
        monkeypatch.setattr(printing.PdfPreviewDialog, "exec", lambda dialog: self._preview(dialog))
        monkeypatch.setattr(printing, "print_backend", lambda platform=None: printing.LP)
        monkeypatch.setattr(printing, "send_to_cups", lambda pdf, args: self.sent.append((bytes(pdf), args)))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._ask))

    def _preview(self, dialog):
        dialog.show()
        self.qtbot.waitExposed(dialog)
        self.qtbot.waitUntil(lambda: dialog.complete, timeout=20000)  # rendered off the UI thread
        self.qtbot.mouseClick(dialog.print_button, LEFT)
        return dialog.result()

    def _ask(self, parent, title, start, filters):
        path = self.out / Path(start).name
        self.saved.append(path)
        return str(path), filters

    def print_from(self, qtbot, button) -> str:
        """Click "Print…": the text of the PDF that went to the printer."""
        before = len(self.sent)
        click(qtbot, button)
        assert len(self.sent) == before + 1, f"nothing reached the printer: {self.questions.warnings}"
        active(qtbot, button)  # the preview closed: the main window is active again
        return pdf_text(self.sent[-1][0])

    def print_by_key(self, qtbot, field) -> str:
        """Ctrl+P from inside ``field``: the text of the PDF that went to the printer."""
        before = len(self.sent)
        QTest.keyClick(field, Qt.Key.Key_P, CTRL)
        # the button's shortcut "clicks" it a moment later (animateClick); the preview runs then
        qtbot.waitUntil(lambda: len(self.sent) > before or bool(self.questions.warnings), timeout=20000)
        assert len(self.sent) == before + 1, f"Ctrl+P printed nothing: {self.questions.warnings}"
        active(qtbot, field)
        return pdf_text(self.sent[-1][0])

    def save_from(self, qtbot, button) -> str:
        """Click "Save as PDF…": the text of the file written."""
        before = len(self.saved)
        click(qtbot, button)
        assert len(self.saved) == before + 1, f"no file was asked for: {self.questions.warnings}"
        assert self.saved[-1].is_file(), "the PDF was not written"
        return pdf_text(self.saved[-1].read_bytes())


class Questions:
    """QMessageBox.question answered in turn from ``answers``; what was asked is kept.
    A question not expected is answered Cancel (and fails the test at the end)."""

    def __init__(self, monkeypatch):
        self.asked: list[str] = []
        self.answers: list = []
        self.warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self))
        monkeypatch.setattr(QMessageBox, "warning", staticmethod(self.warn))

    def warn(self, parent, title, text, *args, **kwargs):
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def expect(self, *answers) -> None:
        self.answers.extend(answers)

    def __call__(self, parent, title, text, *args, **kwargs):
        self.asked.append(text)
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Cancel


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split())


def latest_version(w: MainWindow, document_id: str) -> int | None:
    rec = pr.PrintLog(w.session.vault).latest(document_id)
    return None if rec is None else rec.version


def click_radio(qtbot, button) -> None:
    """On the indicator: the middle of a wide radio button may be empty space."""
    visible(qtbot, button)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def date_into(qtbot, edit, value: date) -> None:
    """A date field (``OptionalDateEdit``): click into its text, type the date over it."""
    replace_text(qtbot, edit.line_edit, value.isoformat())


def sub_tab(qtbot, page: ParticipantPage, which: str):
    """Click the Plans tab, then its sub-tab ``which`` (a DocumentsTab attribute)."""
    if page.current_tab_key() != ParticipantPage.TAB_PLANS:
        click_tab(qtbot, page, ParticipantPage.TAB_PLANS)
    documents = page.tab_widget(ParticipantPage.TAB_PLANS)
    editor = getattr(documents, which)
    bar = documents.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(documents.tabs.indexOf(editor)).center())
    assert documents.tabs.currentWidget() is editor
    qtbot.waitUntil(editor.isVisible, timeout=3000)
    return editor


def focused_cell(qtbot, view) -> QLineEdit:
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                    and view.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    return QApplication.focusWidget()


# ---- the stages ---------------------------------------------------------------------------------

def stage_1_participant(qtbot, w: MainWindow, printer: Printer) -> dict:
    click(qtbot, w.list_page.new_button)
    page = w.participant_page
    form = page.form

    def field(path):
        return form.fields[path].row.field

    type_text(click_into(qtbot, field("namn")), NAME)
    type_text(click_into(qtbot, field("personnummer")), PNR_TYPED)
    qtbot.waitUntil(lambda: page.participant_id is not None, timeout=5000)  # saved: the other tabs come
    pid = page.participant_id
    type_text(click_into(qtbot, field("adress")), ADRESS)

    # a kontaktperson, typed into the table: Namn, Tab, relation, Tab, Telefon
    contacts = form.contacts
    click(qtbot, contacts.add_button)
    cell = focused_cell(qtbot, contacts.view)
    for n, text in enumerate(CONTACT):
        if n:
            QTest.keyClick(cell, Qt.Key.Key_Tab)
            cell = focused_cell(qtbot, contacts.view)
        type_text(cell, text)

    # Bilaga 1, field by field
    for path, value in REFERRAL_TYPED.items():
        if isinstance(value, date):
            date_into(qtbot, field(path), value)
        else:
            type_text(click_into(qtbot, field(path)), value)
    choose(qtbot, visible(qtbot, field("referral.form")), "Arbetsträning")
    spin = click_into(qtbot, field("referral.omfattning_procent"))
    QTest.keyClick(spin, Qt.Key.Key_A, CTRL)
    type_text(spin, str(OMFATTNING))
    choose(qtbot, visible(qtbot, field("referral.tolkbehov")), i18n._("Yes"))
    choose(qtbot, visible(qtbot, field("referral.forsorjningsstod")), i18n._("Yes"))

    # the Medgivande: two parties left out, one of our own typed, the day it was signed
    for box in form.parties.boxes:
        if box.text() in LEFT_OUT:
            visible(qtbot, box)
            click_check(qtbot, box)
    type_text(click_into(qtbot, form.parties.other), OTHER_PARTY)
    date_into(qtbot, field("consent.signed"), CONSENT_SIGNED)
    assert form.consent_status.text() == i18n._("Consent given on {date}.").format(date=format_day(CONSENT_SIGNED))

    # "Skriv ut anvisning…": previewed and printed
    bar = form.print_bars[REFERRAL]
    assert bar.print_button.text() == "Skriv ut anvisning…"
    text = printer.print_from(qtbot, bar.print_button)
    assert printer.sent[-1][1][:2] == ["-t", "anvisning-v1"]  # the printer's queue sees no name
    for value in ("Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten", NAME, "Johan Berg",
                  "010-486 12 34", "Lager och logistik", "Enligt avtal, 250 kr per dag", "50 %",
                  *(sv_date(v) for v in REFERRAL_TYPED.values() if isinstance(v, date))):
        assert value in text, value
    assert "\u2612 Arbetsträning" in text  # the form of anvisning ticked
    assert "Tolkbehov \u2612 Ja \u2610 Nej" in text and "Har sökande försörjningsstöd \u2612 Ja \u2610 Nej" in text
    assert latest_version(w, participant_print_id(pid, REFERRAL)) == 1

    # the Medgivande, saved as PDF
    text = printer.save_from(qtbot, form.print_bars[MEDGIVANDE].pdf_button)
    assert printer.saved[-1].name == "medgivande-v1.pdf"
    assert "Medgivande om informationsutbyte" in text and NAME in text and PNR_TYPED in text
    assert OTHER_PARTY in text and "Arbetsförmedlingen" in text and sv_date(CONSENT_SIGNED) in text
    assert not any(party in text for party in LEFT_OUT)
    assert latest_version(w, participant_print_id(pid, MEDGIVANDE)) == 1
    return {"participant": pid, "page": page}


def stage_2_kartlaggning(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer) -> str:
    click_tab(qtbot, page, ParticipantPage.TAB_KARTLAGGNING)
    wizard = page.wizard
    qtbot.waitUntil(lambda: wizard is not None and wizard.isVisible(), timeout=3000)
    assert wizard.current_page == PAGE_SAMTAL
    samtal = wizard.samtal_page
    click_check(qtbot, samtal.tolk)  # the interpreter is there
    click(qtbot, samtal.start_button)
    assert wizard.timer.running

    from kartlaggning.models.areas import AREAS_BY_KEY, INDIVID_AREAS
    from kartlaggning.ui.wizard.wizard import PAGE_INDIVID, PAGE_OMGIVNING
    for key, (hinder, resurs) in AREA_TEXTS.items():
        step = PAGE_INDIVID if AREAS_BY_KEY[key] in INDIVID_AREAS else PAGE_OMGIVNING
        click_step(qtbot, wizard, step, key)
        editor = wizard.stack.currentWidget().current_editor
        add_entry(qtbot, editor.hinder, hinder)
        add_entry(qtbot, editor.resurser, resurs)

    click_step(qtbot, wizard, PAGE_MOTIVATION)
    mp = wizard.motivation_page
    type_text(click_into(qtbot, mp.mal.editor), GOAL)
    for name, text in CROSS.items():
        type_text(click_into(qtbot, mp.fields[name].editor), text)
    mp.stage.setFocus()
    for _ in range(3):  # not set -> not considering -> contemplating -> preparing
        QTest.keyClick(mp.stage, Qt.Key.Key_Down)
    assert mp.stage.currentData() == Stage.FORBEREDELSE.value
    replace_text(qtbot, mp.viktighet.lineEdit(), "8")
    replace_text(qtbot, mp.tilltro.lineEdit(), "6")
    type_text(click_into(qtbot, mp.egna_ord.editor), OWN_WORDS)

    click_step(qtbot, wizard, PAGE_SUMMARY)
    sp = wizard.summary_page
    for name, text in SUMMARY.items():
        type_text(click_into(qtbot, sp.fields[name].editor), text)
    visible(qtbot, sp.signerad.check)
    click_check(qtbot, sp.signerad.check)
    assert sp.signerad.check.isChecked() and sp.genomgangen.check.isChecked()

    click(qtbot, wizard.timer.end_button)
    assert not wizard.timer.running

    kid = wizard.kartlaggning.id
    text = printer.print_from(qtbot, sp.print_bar.print_button)
    assert printer.sent[-1][1][:2] == ["-t", "kartlaggning-v1"]
    for value in (NAME, PNR_TYPED, GOAL, OWN_WORDS, *CROSS.values(), *SUMMARY.values(),
                  *(t for pair in AREA_TEXTS.values() for t in pair)):
        assert value in text, value
    assert latest_version(w, kid) == 1
    return kid


def stage_3_plan(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer, monkeypatch) -> str:
    taken = {}

    def take_over(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        taken["goal"] = dialog.take_goal.isChecked()
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok))
        return dialog.result()

    monkeypatch.setattr(CarryOverDialog, "exec", take_over)
    editor = sub_tab(qtbot, page, "plan")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    active(qtbot, editor)
    assert taken == {"goal": True} and editor.mal.toPlainText() == GOAL  # from the motivationskors
    mal = click_into(qtbot, editor.mal)
    type_text(mal, PLAN_MAL_MORE)
    type_in_cell(qtbot, editor.delmal, 0, 0, DELMAL)
    date_into(qtbot, editor.signerad, PLAN_SIGNED)
    text = printer.save_from(qtbot, editor.print_bar.pdf_button)
    assert printer.saved[-1].name == "individuell-plan-v1.pdf"
    for value in ("Individuell plan mot arbete", NAME, PNR_TYPED, GOAL + PLAN_MAL_MORE, DELMAL, "Johan Berg"):
        assert value in text, value
    assert latest_version(w, editor.doc.id) == 1
    return editor.doc.id


def stage_4_matchning(qtbot, w: MainWindow, page: ParticipantPage, monkeypatch) -> str:
    editor = sub_tab(qtbot, page, "matchning")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    click_radio(qtbot, editor.beslut_buttons[MatchningBeslut.ARBETSTRANING])
    qtbot.waitUntil(editor.workplace.isVisible, timeout=3000)

    def register(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        click(qtbot, dialog.new_button)
        qtbot.waitUntil(dialog.lines["arbetsplats"].hasFocus, timeout=3000)
        for name, text in WORKPLACE.items():
            type_text(click_into(qtbot, dialog.lines[name]), text)
        for name, text in WORKPLACE_TEXTS.items():
            type_text(click_into(qtbot, dialog.texts[name]), text)
        click(qtbot, dialog.save_button)
        assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [WORKPLACE["arbetsplats"]]
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Close))
        assert not dialog.isVisible()
        return dialog.result()

    monkeypatch.setattr(WorkplacesDialog, "exec", register)
    click(qtbot, editor.workplaces_button)
    active(qtbot, editor)
    assert editor.workplace.currentText() == WORKPLACE["arbetsplats"]  # none was chosen: the new one is
    assert "Pia Prov" in editor.workplace_info.text()

    # "grundas på": the resurs typed in the kartläggning, ticked on its check box
    view = editor.basis
    visible(qtbot, view)
    truck = next(i for i in editor.basis_items() if i.text().endswith(AREA_TEXTS["arbete"][1]))
    rect = view.visualItemRect(truck)
    QTest.mouseClick(view.viewport(), LEFT, pos=QPoint(rect.left() + rect.height() // 2 + 2, rect.center().y()))
    assert truck.checkState() == Qt.CheckState.Checked
    type_text(click_into(qtbot, editor.motivering), MOTIVERING)
    type_text(click_into(qtbot, editor.onskemal), ONSKEMAL)
    return editor.doc.id


def stage_5_arbetstraning(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer) -> str:
    editor = sub_tab(qtbot, page, "arbetstraning")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    # from the matchning's workplace and the referral's extent
    assert editor.lines["arbetsplats"].text() == WORKPLACE["arbetsplats"]
    assert editor.lines["handledare"].text() == WORKPLACE["handledare"]
    assert editor.arbetsuppgifter.toPlainText() == WORKPLACE_TEXTS["arbetsuppgifter"]
    assert editor.schema.rows() == [[TODAY.isoformat(), str(OMFATTNING), ""]]
    date_into(qtbot, editor.datum, TRAINING_FROM)
    date_into(qtbot, editor.till, TRAINING_TO)
    date_into(qtbot, editor.af_datum, AF_DATE)
    type_text(click_into(qtbot, editor.af_referens), AF_REF)
    for row, (when, percent, hours) in enumerate(SCHEMA):
        if row >= editor.schema.model.rowCount():
            click(qtbot, editor.schema.add_button)
            qtbot.waitUntil(lambda r=row: editor.schema.model.rowCount() > r, timeout=3000)
        type_in_date_cell(qtbot, editor.schema, row, when.isoformat())
        type_in_cell(qtbot, editor.schema, row, 1, percent)
        type_in_cell(qtbot, editor.schema, row, 2, hours)
    click(qtbot, editor.anpassningar.add_button)
    cell = focused_cell(qtbot, editor.anpassningar.table)
    type_text(cell, ANPASSNING[0])
    QTest.keyClick(cell, Qt.Key.Key_Tab)
    cell = focused_cell(qtbot, editor.anpassningar.table)
    type_text(cell, ANPASSNING[1])  # the cell still open: printed all the same
    assert editor._errors == []
    text = printer.save_from(qtbot, editor.print_bar.pdf_button)
    assert printer.saved[-1].name == "arbetstraningsschema-v1.pdf"
    for value in (f"Arbetsträningsschema för {NAME}", WORKPLACE["arbetsplats"], WORKPLACE["handledare"],
                  f"{sv_date(TRAINING_FROM)} – {sv_date(TRAINING_TO)}", WORKPLACE_TEXTS["arbetsuppgifter"],
                  *ANPASSNING, AF_REF, sv_date(AF_DATE)):
        assert value in text, value
    for when, percent, hours in SCHEMA:
        assert f"{sv_date(when)} {percent} % {hours}" in text, when
    assert latest_version(w, editor.doc.id) == 1
    return editor.doc.id


def stage_6_uppfoljning(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer,
                        questions: Questions) -> tuple[str, str]:
    editor = sub_tab(qtbot, page, "uppfoljningar")
    assert editor.with_plan.isChecked()  # "Start the next Utvecklingsplan too"
    questions.expect(NO)  # "open it now?": not yet, the follow-up first
    click(qtbot, editor.new_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    active(qtbot, editor)
    assert TODAY.isoformat() in questions.asked[-1]
    follow_up = editor.doc.id
    type_text(click_into(qtbot, editor.narvarande), FOLLOW_UP["narvarande"])
    type_text(click_into(qtbot, editor.texts["hur_det_gar"]), FOLLOW_UP["hur_det_gar"])
    replace_text(qtbot, editor.procent, "100")
    click(qtbot, editor.open_plan_button)

    documents = page.tab_widget(ParticipantPage.TAB_PLANS)
    utv = documents.utvecklingsplaner
    qtbot.waitUntil(lambda: documents.tabs.currentWidget() is utv and utv.isVisible(), timeout=3000)
    assert utv.doc.datum == TODAY and utv.series.count() == 1
    type_text(click_into(qtbot, utv.omraden), UTV["omraden"])
    click(qtbot, utv.rader.add_button)
    type_in_date_cell(qtbot, utv.rader, 0, UTV_ROW[0].isoformat())
    type_in_cell(qtbot, utv.rader, 0, 1, UTV_ROW[1])
    type_text(click_into(qtbot, utv.mitt), UTV["mitt"])
    type_text(click_into(qtbot, utv.ame), UTV["ame"])
    field = click_into(qtbot, utv.avstamning)
    type_text(field, UTV["avstamning"])
    text = printer.print_by_key(qtbot, field)  # Ctrl+P from inside the field just typed into
    assert printer.sent[-1][1][:2] == ["-t", "utvecklingsplan-v1"]
    for value in ("Utvecklingsplan", NAME, *UTV.values(), UTV_ROW[1], sv_date(UTV_ROW[0])):
        assert value in text, value
    assert latest_version(w, utv.doc.id) == 1
    return follow_up, utv.doc.id


def stage_7_kompetenskort(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer) -> str:
    editor = sub_tab(qtbot, page, "kompetenskort")
    click(qtbot, editor.create_button)
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    assert editor.lines["namn"].text() == NAME
    type_text(click_into(qtbot, editor.lines["arbetsplats"]), WORKPLACE["arbetsplats"])
    for row, step in RATINGS.items():
        button = editor.rating_rows[row].buttons[step - 1]
        click(qtbot, button)
        assert editor.rating_rows[row].value() == step
    type_text(click_into(qtbot, editor.kompetenser), KOMPETENSER)
    type_text(click_into(qtbot, editor.utvecklingsomrade), UTVECKLINGSOMRADE)
    text = printer.save_from(qtbot, editor.print_bar.pdf_button)
    assert printer.saved[-1].name == "kompetenskort-v1.pdf"
    for value in ("Kompetenskort", NAME, WORKPLACE["arbetsplats"], KOMPETENSER, UTVECKLINGSOMRADE,
                  "Närvaro/punktlighet X god", "Motivation/intresse X mycket god"):
        assert value in text, value
    assert latest_version(w, editor.doc.id) == 1
    return editor.doc.id


def stage_8_avslut(qtbot, w: MainWindow, page: ParticipantPage, printer: Printer, questions: Questions) -> str:
    editor = sub_tab(qtbot, page, "avslut")
    click(qtbot, editor.start_button)  # "Påbörja avslut": pre-filled from the vault
    qtbot.waitUntil(lambda: editor.doc is not None, timeout=3000)
    slut = editor.slut
    assert WORKPLACE["arbetsplats"] in slut["arbetsplats"].toPlainText()
    assert ANPASSNING[0] in slut["anpassningar"].toPlainText()
    assert KOMPETENSER in slut["starka_sidor"].toPlainText()
    click_radio(qtbot, editor.utfall_buttons[Utfall.ARBETE])
    qtbot.waitUntil(editor.anstallningsform.isVisible, timeout=3000)
    type_text(click_into(qtbot, editor.anstallningsform), ANSTALLNINGSFORM)
    choose(qtbot, visible(qtbot, editor.subventionerad), i18n._("Yes"))
    type_text(click_into(qtbot, slut["ovriga_observationer"]), OBSERVATIONER)
    avslut_id = editor.doc.id

    text = printer.save_from(qtbot, editor.print_bar.pdf_button)
    assert printer.saved[-1].name == "slutdokumentation-v1.pdf"
    for value in ("Slutdokumentation", NAME, PNR_TYPED, OBSERVATIONER, ANSTALLNINGSFORM, KOMPETENSER,
                  WORKPLACE["arbetsplats"], ANPASSNING[0]):
        assert value in text, value
    assert latest_version(w, avslut_id) == 1

    # "Avsluta deltagaren": asked, naming the participant and the outcome
    questions.expect(YES)
    click(qtbot, editor.close_button)
    assert NAME in questions.asked[-1] and ANSTALLNINGSFORM in questions.asked[-1]
    assert page.read_only
    qtbot.waitUntil(page.closed_banner.isVisible, timeout=3000)
    from kartlaggning.models.method import UTFALL_LABELS
    assert page.closed_label.text() == i18n._("Closed on {date} ({outcome}). Reopen to make changes.").format(
        date=format_day(TODAY), outcome=i18n._(UTFALL_LABELS[Utfall.ARBETE]))
    # a field refuses input now: the section just typed into, and the name on the form
    section = click_into(qtbot, slut["ovriga_observationer"])
    type_text(section, " Ändrat efteråt")
    assert section.toPlainText().endswith(OBSERVATIONER)
    click_tab(qtbot, page, ParticipantPage.TAB_PARTICIPANT)
    assert page.closed_banner.isVisible()
    namn = click_into(qtbot, page.form.fields["namn"].row.field)
    type_text(namn, "XYZ")
    assert namn.text() == NAME and namn.isReadOnly()
    return avslut_id


# ---- the journey ------------------------------------------------------------------------------------

def test_one_participant_from_referral_to_avslut_every_document_printed(qtbot, window, tmp_path, monkeypatch):
    w = window
    questions = Questions(monkeypatch)
    printer = Printer(qtbot, monkeypatch, tmp_path / "printed", questions)

    ids = stage_1_participant(qtbot, w, printer)
    page = ids["page"]
    ids["kartlaggning"] = stage_2_kartlaggning(qtbot, w, page, printer)
    ids["plan"] = stage_3_plan(qtbot, w, page, printer, monkeypatch)
    ids["matchning"] = stage_4_matchning(qtbot, w, page, monkeypatch)
    ids["arbetstraning"] = stage_5_arbetstraning(qtbot, w, page, printer)
    ids["uppfoljning"], ids["utvecklingsplan"] = stage_6_uppfoljning(qtbot, w, page, printer, questions)
    ids["kompetenskort"] = stage_7_kompetenskort(qtbot, w, page, printer)
    ids["avslut"] = stage_8_avslut(qtbot, w, page, printer, questions)
    assert questions.answers == [] and len(questions.asked) == 2  # nothing else was asked
    assert questions.warnings == []
    assert [p.name for p in printer.saved] == ["medgivande-v1.pdf", "individuell-plan-v1.pdf",
                                               "arbetstraningsschema-v1.pdf", "kompetenskort-v1.pdf",
                                               "slutdokumentation-v1.pdf"]
    assert sorted(os.listdir(printer.out)) == sorted(p.name for p in printer.saved)  # nothing else written

    # Ctrl+L from inside a field, the passphrase typed: the record as it was left
    field = click_into(qtbot, w.participant_page.form.fields["adress"].row.field)
    QTest.keyClick(field, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: not w.session.is_unlocked, timeout=5000)
    assert w.participant_page is None and w.stack.currentWidget() is w.unlock_page
    unlock(qtbot, w)
    assert w.participant_page is not None and w.participant_page.participant_id == ids["participant"]
    assert w.participant_page.read_only

    check_the_vault(w.session.repo, ids)
    events = [e.detail for e in w.session.vault.audit.entries(ids["participant"]) if e.event == "participant.printed"]
    assert events == ["referral:v1", "medgivande:v1", "kartlaggning:v1", "plan:v1", "arbetstraning:v1",
                      "utvecklingsplan:v1", "kompetenskort:v1", "slutdokumentation:v1"]


def check_the_vault(repo, ids: dict) -> None:
    """Every value typed, read back through the repository."""
    from kartlaggning.services import method
    pid = ids["participant"]
    p = repo.get_participant(pid)
    assert (p.namn, p.personnummer, p.adress) == (NAME, PNR, ADRESS)
    assert [(c.namn, c.relation, c.telefon) for c in p.kontaktpersoner] == [CONTACT]
    r = p.referral
    for path, value in REFERRAL_TYPED.items():
        assert getattr(r, path.split(".", 1)[1]) == value, path
    assert (r.form, r.omfattning_procent, r.tolkbehov, r.forsorjningsstod) == (
        ReferralForm.ARBETSTRANING, OMFATTNING, True, True)
    assert p.consent.signed == CONSENT_SIGNED
    assert OTHER_PARTY in p.consent.parties and not set(LEFT_OUT) & set(p.consent.parties)

    k = repo.get_kartlaggning(ids["kartlaggning"])
    (s,) = k.samtal
    assert s.tolk_narvarande and s.start is not None and s.slut is not None and k.current_samtal is None
    for key, (hinder, resurs) in AREA_TEXTS.items():
        assert [e.text for e in k.area(key).hinder] == [hinder] and [e.text for e in k.area(key).resurser] == [resurs]
    m = k.motivation
    assert (m.mal, m.stage, m.viktighet, m.tilltro, m.egna_ord) == (GOAL, Stage.FORBEREDELSE, 8, 6, OWN_WORDS)
    assert {name: getattr(m, name) for name in CROSS} == CROSS
    assert {name: getattr(k.sammanstallning, name) for name in SUMMARY} == SUMMARY
    assert k.sammanstallning.signerad == k.sammanstallning.genomgangen == TODAY

    plan = repo.get_document(ids["plan"])
    assert (plan.mal, plan.delmal, plan.signerad) == (GOAL + PLAN_MAL_MORE, [DELMAL], PLAN_SIGNED)

    (workplace,) = repo.workplaces()
    assert {name: getattr(workplace, name) for name in WORKPLACE} == WORKPLACE
    assert {name: getattr(workplace, name) for name in WORKPLACE_TEXTS} == WORKPLACE_TEXTS
    resurs_id = next(entry_id for entry_id, _area, kind, text in method.basis(repo, pid)
                     if kind == "resurs" and text == AREA_TEXTS["arbete"][1])
    match = repo.get_document(ids["matchning"])
    assert (match.beslut, match.workplace_id, match.grundas_pa) == (
        MatchningBeslut.ARBETSTRANING, workplace.id, [resurs_id])
    assert (match.motivering, match.egna_onskemal) == (MOTIVERING, ONSKEMAL)

    t = repo.get_document(ids["arbetstraning"])
    assert (t.datum, t.till, t.af_beslut_datum, t.af_beslut_referens) == (TRAINING_FROM, TRAINING_TO, AF_DATE, AF_REF)
    assert (t.workplace_id, t.arbetsplats, t.handledare) == (workplace.id, WORKPLACE["arbetsplats"],
                                                             WORKPLACE["handledare"])
    assert [(s.datum, s.procent, s.timmar_per_dag) for s in t.schema] == [
        (when, int(percent), float(hours)) for when, percent, hours in SCHEMA]
    assert [(a.beskrivning, a.hur_det_fungerade) for a in t.anpassningar] == [ANPASSNING]

    f = repo.get_document(ids["uppfoljning"])
    assert (f.datum, f.arbetstraning_id, f.utvecklingsplan_id) == (TODAY, t.id, ids["utvecklingsplan"])
    assert (f.narvarande, f.hur_det_gar, f.faktisk_procent) == (FOLLOW_UP["narvarande"], FOLLOW_UP["hur_det_gar"], 100)
    u = repo.get_document(ids["utvecklingsplan"])
    assert (u.utvecklingsomraden, u.mitt_ansvar, u.ame_ansvar, u.avstamning) == (
        UTV["omraden"], UTV["mitt"], UTV["ame"], UTV["avstamning"])
    assert [(row.datum, row.omrade) for row in u.rader] == [UTV_ROW]

    card = repo.get_document(ids["kompetenskort"])
    assert (card.arbetsplats, card.kompetenser, card.utvecklingsomrade) == (
        WORKPLACE["arbetsplats"], KOMPETENSER, UTVECKLINGSOMRADE)
    by_row = [card.betyg[i].betyg for i in range(len(card.betyg))]
    assert {row: by_row[row] for row in RATINGS} == RATINGS and by_row[3:] == [None] * (len(by_row) - 3)

    a = repo.get_document(ids["avslut"])
    assert (a.utfall, a.anstallningsform, a.subventionerad, a.pagaende) == (Utfall.ARBETE, ANSTALLNINGSFORM, True,
                                                                          False)
    assert a.slutdokumentation["ovriga_observationer"].endswith(OBSERVATIONER)
    assert method.is_closed(repo, pid) and repo.search("")[0].status == "closed"


# ---- found on the way ------------------------------------------------------------------------------

def test_a_day_from_10_to_31_typed_into_a_date_cell_is_kept_as_typed(qtbot):
    """"2026-10-1", on the way to "2026-10-18", is already a date (the 1st): the model stores
    it and used to write it back into the cell under the cursor as "2026-10-01", so the "8"
    typed next made "2026-10-018", no date at all (the schema's, the Ansvarsfördelning's and
    the Utvecklingsplan's date cells)."""
    from dataclasses import dataclass

    from kartlaggning.ui.plans.row_table import Column, RowTable

    @dataclass
    class Row:
        datum: date | None = None

    table = RowTable([Column("Datum", kind="date", attr="datum")], new_item=Row)
    qtbot.addWidget(table)
    table.bind([Row()])
    table.show()
    qtbot.waitExposed(table)
    edit = table.table.indexWidget(table.model.index(0, 0)).line_edit
    edit.setFocus()
    type_text(edit, "2026-10-1")
    assert edit.text() == "2026-10-1" and table.model.items[0].datum == date(2026, 10, 1)
    type_text(edit, "8")
    assert edit.text() == "2026-10-18" and table.model.items[0].datum == date(2026, 10, 18)
    assert table.errors("rader") == []
