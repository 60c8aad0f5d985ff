"""Aktualisering and inskrivning: the referral with every field of Bilaga 1 ("Uppgifter
från Arbetsförmedlingen till Arbetsmarknadsenheten") and the Medgivande om
informationsutbyte, as data, in the participant form, on paper (reportlab), through
the print log and the command line; a withdrawn consent wherever information is shared."""
from __future__ import annotations

import copy
import json
import os
import tempfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox
from pypdf import PdfReader

from kartlaggning import cli, exchange, i18n
from kartlaggning.config import AppConfig
from kartlaggning.models import IndividuellPlan, Participant
from kartlaggning.models.participant import (DEFAULT_CONSENT_PARTIES, DEFAULT_MEDGIVANDE, REFERRAL_FORM_LABELS,
                                             Consent, Referral, ReferralForm)
from kartlaggning.models.printed import (MEDGIVANDE, PLAN, REFERRAL, PrintContent, participant_print_id,
                                         printed_identity)
from kartlaggning.models.serialize import from_jsonable, to_jsonable
from kartlaggning.printouts import medgivande_pdf, plan_pdf, referral_pdf, samples
from kartlaggning.printouts.common import sv_date
from kartlaggning.printouts.render import render
from kartlaggning.services import printing as print_service
from kartlaggning.storage import Vault
from kartlaggning.storage import prints as pr
from kartlaggning.ui.autosave import Autosaver
from kartlaggning.ui.main_window import MainWindow
from kartlaggning.ui.participant_form import ParticipantForm
from kartlaggning.ui.participants import format_day
from kartlaggning.ui.plans import printing
from kartlaggning.ui.plans.carry_over import CarryOverDialog
from kartlaggning.ui.plans.plan_editor import PlanEditor
from kartlaggning.ui.plans.unit_settings import UnitSettingsDialog
from kartlaggning.ui.session import Session
from conftest import PASSPHRASE, finish_unlock

HEADER = samples.sample_header()
INFO = samples.sample_info()
PAPER_ORDER = ["Sysselsättningsplats", "Arbetspraktik", "Arbetslivsinriktad rehabilitering", "Arbetsträning",
               "Förstärkt arbetsträning", "Förstärkt arbetsträning med fördjupad bedömning", "Kartläggning", "Annat"]
BILAGA_1_LABELS = ["Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten", "Datum", "Sökande",
                   "Namn på sökande", "Handläggare på Arbetsförmedlingen", "Namn på handläggare",
                   "Telefonnummer (direkt) till handläggare", "Form av anvisning", *PAPER_ORDER, "Anvisningstid",
                   "Från och med", "Till och med", "Omfattning i procent",
                   "Önskemål om yrkesområde enligt arbetsförmedlingens handlingsplan", "Ersättning till anordnaren",
                   "Tolkbehov", "Ja", "Nej", "Har sökande försörjningsstöd",
                   "Skickas tillsammans med sökandepresentationen till"]
CHECKED, UNCHECKED = "\u2612", "\u2610"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):
    """The temp dir and cwd of each test are private and stay empty (printing writes nothing there)."""
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.chdir(cwd)
    yield
    assert os.listdir(tmp) == [], "something was written to the temp dir"
    assert os.listdir(cwd) == [], "something was written to the working dir"


# ---- the model: every Bilaga 1 field; old JSON still loads --------------------------------

def test_anvisning_has_all_eight_choices_in_the_paper_order():
    assert [REFERRAL_FORM_LABELS[f] for f in ReferralForm] == PAPER_ORDER
    assert list(REFERRAL_FORM_LABELS) == list(ReferralForm)


def test_old_stored_json_loads_with_the_new_fields_empty():
    """A participant as the first versions stored and exported it: no datum, no
    Ersättning till anordnaren, no giltig_till or withdrawal note."""
    old = {"namn": "Testa Gammal", "personnummer": samples.TEST_PNR, "id": "p-old", "adress": "", "telefon": "",
           "mobil": "", "epost": "", "kontaktpersoner": [], "tolkbehov": False, "sprak": "",
           "forsorjningsstod": True,
           "referral": {"source": "arbetsformedlingen", "received": "2024-02-12", "source_other": "",
                        "af_handlaggare": "Anna AF", "af_telefon": "010-1", "form": "arbetspraktik",
                        "form_other": "", "period_from": "2024-03-01", "period_to": "2024-08-31",
                        "omfattning_procent": 50, "yrkesomrade": "Lager", "tolkbehov": None,
                        "forsorjningsstod": True, "socialsekreterare": "", "socialsekreterare_telefon": "",
                        "note": ""},
           "consent": {"signed": "2024-03-01", "withdrawn": None, "parties": ["Arbetsförmedlingen"]}}
    p = from_jsonable(Participant, old)
    assert p.referral.form == ReferralForm.ARBETSPRAKTIK and p.referral.period_to == date(2024, 8, 31)
    assert (p.referral.datum, p.referral.ersattning, p.referral.ersattning_from, p.referral.ersattning_to) == (
        None, "", None, None)
    assert (p.consent.giltig_till, p.consent.withdrawn_note) == (None, "")
    assert p.errors() == []
    for value in ("arbetstraning", "forstarkt_arbetstraning", "forstarkt_arbetstraning_fordjupad", "kartlaggning",
                  "annat"):  # every value stored before the new choices came keeps its meaning
        assert ReferralForm(value).value == value

    # an export file of format version 1 written before the new fields: imports
    record = json.loads(json.dumps(exchange.dump([], exported_at="2025-01-01T00:00:00+00:00")))
    record["participants"] = [{"participant": old, "kartlaggningar": [], "planer": [], "utvecklingsplaner": [],
                               "kompetenskort": []}]
    (loaded,) = exchange.load(record)
    assert loaded.participant == p


def test_new_fields_round_trip_and_are_checked():
    p = Participant(namn="Testa", personnummer=samples.TEST_PNR, referral=samples.sample_referral(),
                    consent=samples.sample_consent(withdrawn=True))
    assert from_jsonable(Participant, json.loads(json.dumps(to_jsonable(p)))) == p
    assert p.errors() == []
    p.referral.ersattning_to = date(2026, 1, 1)  # before ersattning_from
    p.referral.ersattning = "x" * 501
    p.consent.giltig_till = date(2026, 1, 1)  # before signed
    p.consent.withdrawn_note = "y" * 501
    assert {e.field for e in p.errors()} == {"referral.ersattning_to", "referral.ersattning",
                                             "consent.giltig_till", "consent.withdrawn_note"}
    assert Consent(giltig_till=date(2026, 1, 1)).expired(date(2026, 1, 2))
    assert not Consent(giltig_till=date(2026, 1, 1)).expired(date(2026, 1, 1)) and not Consent().expired(date.max)


# ---- the referral on paper ------------------------------------------------------------------

def test_referral_prints_every_label_and_every_value():
    ref, person = samples.sample_referral(), samples.sample_participant()
    text = squash(pdf_text(referral_pdf(ref, person, HEADER, INFO)))
    for label in BILAGA_1_LABELS:
        assert label in text, label
    for value in (sv_date(ref.datum), person.namn, ref.af_handlaggare, ref.af_telefon, sv_date(ref.period_from),
                  sv_date(ref.period_to), "50 %", ref.yrkesomrade, ref.ersattning, sv_date(ref.ersattning_from),
                  sv_date(ref.ersattning_to),
                  # the unit's postal address it is sent to
                  "Arbetsmarknadsenheten", "Storgatan 12, 123 45 Exempelstad", "Exempelstads kommun"):
        assert value in text, value
    assert f"{CHECKED} Arbetslivsinriktad rehabilitering" in text
    assert f"Tolkbehov {UNCHECKED} Ja {CHECKED} Nej" in text  # tolkbehov: nej
    assert f"Har sökande försörjningsstöd {CHECKED} Ja {UNCHECKED} Nej" in text
    assert "Sida 1 av 1" in text and "Version 3" in text


@pytest.mark.parametrize("form", list(ReferralForm))
def test_exactly_the_chosen_anvisning_is_ticked(form):
    ref = Referral(form=form, form_other="Lönebidragsanställning" if form == ReferralForm.ANNAT else "")
    text = squash(pdf_text(referral_pdf(ref, samples.sample_participant(), HEADER, INFO)))
    part = text[text.index("Form av anvisning"):text.index("Anvisningstid")]
    assert part.count(CHECKED) == 1 and part.count(UNCHECKED) == 7
    assert f"{CHECKED} {REFERRAL_FORM_LABELS[form]}" in part
    if form == ReferralForm.ANNAT:
        assert f"{CHECKED} Annat: Lönebidragsanställning" in part
    blank = squash(pdf_text(referral_pdf(Referral(), samples.sample_participant(), HEADER, INFO)))
    assert CHECKED not in blank and blank.count(UNCHECKED) == 8 + 4  # nothing chosen: a form to fill in by hand


# ---- the medgivande on paper -------------------------------------------------------------------

def test_medgivande_prints_the_chosen_parties_the_units_wording_and_signature_lines():
    consent = Consent(signed=date(2026, 10, 6), parties=["Arbetsförmedlingen", "Socialtjänsten",
                                                         "Vårdcentralen Exempelby"])
    wording = "Vår egen text om vad medgivandet gäller.\n\nAndra stycket, också vårt eget."
    person = samples.sample_participant()
    text = squash(pdf_text(medgivande_pdf(consent, person, HEADER, INFO, wording, "Hanna Handläggare")))
    assert "Medgivande om informationsutbyte" in text
    assert person.namn in text and "19121212-1212" in text
    for party in consent.parties:
        assert party in text
    for left_out in ("Försäkringskassan", "Hälso- och sjukvården"):
        assert left_out not in text
    assert "Vår egen text om vad medgivandet gäller." in text and "Andra stycket, också vårt eget." in text
    assert DEFAULT_MEDGIVANDE.split(".")[0] not in text
    assert "frivilligt" in text and "när som helst återkalla" in text
    assert "Medgivandet gäller från och med 6 oktober 2026 till dess att insatsen vid Arbetsmarknadsenheten " \
           "avslutas." in text
    assert "Underskrift deltagare Åsa Öberg Datum" in text
    assert "Underskrift handläggare Hanna Handläggare Datum" in text
    assert text.count("6 oktober 2026") >= 3  # validity and both dated signature lines
    assert "ÅTERKALLAT" not in text

    limited = dataclasses_replace(consent, giltig_till=date(2027, 10, 5))
    assert "till och med 5 oktober 2027." in squash(pdf_text(medgivande_pdf(limited, person, HEADER, INFO, wording)))


def dataclasses_replace(obj, **changes):
    import dataclasses
    return dataclasses.replace(obj, **changes)


def test_withdrawn_consent_prints_aterkallat_with_its_date():
    consent = samples.sample_consent(withdrawn=True)
    text = squash(pdf_text(medgivande_pdf(consent, samples.sample_participant(), HEADER, INFO, DEFAULT_MEDGIVANDE)))
    assert "ÅTERKALLAT 15 februari 2027" in text
    assert text.index("ÅTERKALLAT") < text.index("Vad medgivandet gäller")  # at the top, before anything else
    assert "Återkallelsen meddelad till: Socialsekreterare Erik Holm" in text


def test_plan_prints_a_withdrawn_consent_by_the_agreement():
    plan = samples.sample_plan()
    text = squash(pdf_text(plan_pdf(plan, HEADER, INFO, consent_withdrawn=date(2027, 2, 15))))
    agreement = text[text.index("ÖVERENSKOMMELSE"):text.index("Underskrift enskild")]
    assert "Medgivandet om informationsutbyte återkallades 15 februari 2027." in agreement
    assert "återkallades" not in squash(pdf_text(plan_pdf(plan, HEADER, INFO)))


@pytest.mark.parametrize("name", ["<b>&", "Ada <img src='/etc/passwd'/> & Co"])
def test_user_text_prints_literally(name):
    person = dataclasses_replace(samples.sample_participant(), namn=name)
    ref = dataclasses_replace(samples.sample_referral(), form=ReferralForm.ANNAT, form_other=f"Annat {name}",
                              af_handlaggare=name, yrkesomrade=f"{name} yrke", ersattning=f"{name} kr")
    consent = samples.sample_consent(withdrawn=True)
    consent.parties = [*consent.parties, f"Part {name}"]
    consent.withdrawn_note = f"Meddelat {name}"
    for pdf in (referral_pdf(ref, person, HEADER, INFO),
                medgivande_pdf(consent, person, HEADER, INFO, f"Text {name}", handlaggare_namn=name)):
        text = squash(pdf_text(pdf))
        assert name in text
        assert text.count(name) >= 4


# ---- PrintContent: ids, hashes, snapshots ----------------------------------------------------------

def test_print_ids_hashes_and_snapshots():
    p = Participant(namn="Testa", personnummer=samples.TEST_PNR, id="a" * 32, telefon="1",
                    referral=samples.sample_referral(), consent=samples.sample_consent())
    ref = PrintContent(REFERRAL, p.referral, printed_identity(p))
    med = PrintContent(MEDGIVANDE, p.consent, printed_identity(p), "Hanna", unit_text="Vår text")
    assert ref.document_id == "a" * 32 + ":referral" == participant_print_id(p.id, REFERRAL)
    assert med.document_id == "a" * 32 + ":medgivande" and med.participant_id == p.id
    for content in (ref, med):
        again = PrintContent.from_json(content.to_json())
        assert again == content and again.hash() == content.hash()
    # what is printed changes the hash; a phone number (not printed) does not
    assert PrintContent(MEDGIVANDE, p.consent, printed_identity(p), "Hanna", unit_text="Annan").hash() != med.hash()
    p2 = dataclasses_replace(p, telefon="2")
    assert PrintContent(REFERRAL, p2.referral, printed_identity(p2)).hash() == ref.hash()
    # a plan's hash is unchanged unless the consent is withdrawn
    plan = samples.sample_plan()
    plain = PrintContent(PLAN, plan)
    assert plain.hash() == PrintContent(PLAN, plan, consent_withdrawn=None).hash()
    withdrawn = PrintContent(PLAN, plan, consent_withdrawn=date(2027, 2, 15))
    assert withdrawn.hash() != plain.hash()
    assert PrintContent.from_json(withdrawn.to_json()).consent_withdrawn == date(2027, 2, 15)
    # a snapshot stored before these fields existed loads
    old = json.loads(plain.to_json())
    del old["unit_text"], old["consent_withdrawn"]
    assert PrintContent.from_json(json.dumps(old)) == plain
    assert b"%PDF" in render(med, HEADER, INFO)[:8] and b"%PDF" in render(ref, HEADER, INFO)[:8]


# ---- unit setting: the medgivande's wording -------------------------------------------------------

def test_unit_edits_the_medgivande_wording_in_settings(qtbot, vault, vault_path, participant):
    assert pr.load_medgivande(vault.repo) == DEFAULT_MEDGIVANDE
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    assert dialog.medgivande.toPlainText() == DEFAULT_MEDGIVANDE
    dialog.medgivande.setPlainText("Enhetens egen formulering.")
    assert dialog.save()
    assert pr.load_medgivande(vault.repo) == "Enhetens egen formulering."
    assert pr.load_overenskommelse(vault.repo)  # beside the plan's agreement, which stays
    vault.repo.save_participant(participant)
    content = print_service.participant_content(vault.repo, participant.id, MEDGIVANDE)
    assert content.unit_text == "Enhetens egen formulering."
    assert "Enhetens egen formulering." in squash(pdf_text(print_service.prepare(vault.repo, content).render()))
    dialog = UnitSettingsDialog(vault.repo)
    qtbot.addWidget(dialog)
    dialog.reset_medgivande_button.click()
    dialog.medgivande.setPlainText(dialog.medgivande.toPlainText() + "x" * 20_001)
    assert not dialog.save() and dialog.medgivande_error.text()
    dialog.reset_medgivande_button.click()
    assert dialog.save() and pr.load_medgivande(vault.repo) == DEFAULT_MEDGIVANDE


# ---- the participant form: typing, lock, printing -------------------------------------------------

class FakeWizard(QLabel):
    def __init__(self, *args, parent=None, **kwargs):
        super().__init__("wizard")

    def flush(self) -> bool:
        return True

    def position(self) -> dict:
        return {}

    def restore_position(self, pos) -> None:
        pass

    def shutdown(self) -> None:
        pass


@pytest.fixture
def window(qtbot, vault_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    v, _key = Vault.create(vault_path, PASSPHRASE)
    p = Participant(namn="Olle Åström", personnummer=samples.TEST_PNR)
    v.repo.save_participant(p)
    v.close()
    w = MainWindow(Session(vault_path), AppConfig(), wizard_factory=lambda *a, **k: FakeWizard())
    w.show()
    unlock(w)
    w.participant_id = p.id
    yield w
    w.close()
    w.session.quit()
    w.deleteLater()


def unlock(w: MainWindow) -> None:
    form = w.unlock_page.unlock_form
    form.passphrase.field.setText(PASSPHRASE)
    form.unlock_button.click()
    finish_unlock(form)


def choose(qtbot, combo, text: str) -> None:
    """Pick an entry of a combo box with the arrow keys, as on the keyboard."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _i in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def type_into(qtbot, widget, text: str) -> None:
    target = getattr(widget, "line_edit", widget)
    target.setFocus()
    qtbot.keyClicks(target, text)


def test_typed_referral_fields_reach_the_vault_on_lock_without_leaving_the_field(window, qtbot):
    w = window
    w.open_participant(w.participant_id)
    form = w.participant_page.form
    field = lambda path: form.fields[path].row.field  # noqa: E731
    assert form.sokande.text() == "Olle Åström"  # Namn på sökande: the participant
    type_into(qtbot, field("referral.datum"), "2026-09-21")
    type_into(qtbot, field("referral.af_handlaggare"), "Johan Berg")
    type_into(qtbot, field("referral.af_telefon"), "010-486 12 34")
    choose(qtbot, field("referral.form"), "Sysselsättningsplats")
    type_into(qtbot, field("referral.period_from"), "2026-10-05")
    type_into(qtbot, field("referral.period_to"), "2027-04-02")
    spin = field("referral.omfattning_procent")
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "75")
    type_into(qtbot, field("referral.yrkesomrade"), "Lager och logistik")
    type_into(qtbot, field("referral.ersattning"), "Enligt avtal")
    type_into(qtbot, field("referral.ersattning_from"), "2026-10-05")
    choose(qtbot, field("referral.tolkbehov"), i18n._("Yes"))
    choose(qtbot, field("referral.forsorjningsstod"), i18n._("No"))
    type_into(qtbot, field("consent.signed"), "2026-10-06")
    type_into(qtbot, field("consent.giltig_till"), "2027-10-05")
    type_into(qtbot, field("referral.ersattning_to"), "2027-04-0")
    qtbot.keyClicks(field("referral.ersattning_to").line_edit, "2")  # the last key, still in the field
    w.lock()  # saves what is typed, without leaving the field first
    assert not w.session.is_unlocked
    unlock(w)
    p = w.session.repo.get_participant(w.participant_id)
    r = p.referral
    assert r.datum == date(2026, 9, 21) and (r.af_handlaggare, r.af_telefon) == ("Johan Berg", "010-486 12 34")
    assert r.form == ReferralForm.SYSSELSATTNINGSPLATS
    assert (r.period_from, r.period_to, r.omfattning_procent) == (date(2026, 10, 5), date(2027, 4, 2), 75)
    assert r.yrkesomrade == "Lager och logistik" and r.ersattning == "Enligt avtal"
    assert (r.ersattning_from, r.ersattning_to) == (date(2026, 10, 5), date(2027, 4, 2))
    assert (r.tolkbehov, r.forsorjningsstod) == (True, False)
    assert p.consent.signed == date(2026, 10, 6) and p.consent.giltig_till == date(2027, 10, 5)


def test_withdrawal_and_its_note_reach_the_vault_on_flush(window, qtbot):
    w = window
    w.open_participant(w.participant_id)
    form = w.participant_page.form
    field = lambda path: form.fields[path].row.field  # noqa: E731
    type_into(qtbot, field("consent.signed"), "2026-10-06")
    type_into(qtbot, field("consent.withdrawn"), "2027-02-15")
    type_into(qtbot, field("consent.withdrawn_note"), "Erik Holm, per telefon")
    assert form.consent_status.text() == i18n._("⚠ Consent WITHDRAWN on {date}. Do not exchange information.").format(
        date=format_day(date(2027, 2, 15)))
    assert w.autosaver.flush()  # the cursor still in the note
    consent = w.session.repo.get_participant(w.participant_id).consent
    assert (consent.withdrawn, consent.withdrawn_note) == (date(2027, 2, 15), "Erik Holm, per telefon")


def test_labels_match_the_paper_form(window):
    w = window
    w.open_participant(w.participant_id)
    form = w.participant_page.form
    texts = {label.text().replace("&", "") for label in form.findChildren(QLabel)}
    for label in ("Uppgifter från Arbetsförmedlingen", "Datum:", "Sökande", "Namn på sökande:",
                  "Handläggare på Arbetsförmedlingen", "Namn på handläggare:", "Telefonnummer (direkt):",
                  "Form av anvisning:", "Anvisningstid", "Från och med:", "Till och med:", "Omfattning i procent:",
                  "Önskemål om yrkesområde:", "Ersättning till anordnaren", "Ersättning:", "Tolkbehov:",
                  "Har sökande försörjningsstöd:"):
        assert label in texts, label
    combo = form.fields["referral.form"].row.field
    assert [combo.itemText(i) for i in range(1, combo.count())] == PAPER_ORDER
    # the repeated "Från och med" says whose it is to a screen reader and in messages
    assert form.fields["referral.ersattning_from"].label == "Ersättning till anordnaren från och med"
    assert form.fields["referral.period_from"].row.field.line_edit.accessibleName() == "Anvisningstid från och med"


class AcceptingPrintDialog:
    """The system print dialog, answered with "Print" at once."""

    def __init__(self, printer, parent=None):
        pass

    def setMinMax(self, low, high):  # noqa: N802 (Qt)
        pass

    def exec(self):
        return QDialog.DialogCode.Accepted


@pytest.fixture
def form(qtbot, vault, participant):
    i18n.set_language("en")  # before the form is built, as at a start
    participant.referral = samples.sample_referral()
    participant.consent = samples.sample_consent()
    vault.repo.save_participant(participant)
    pr.save_handlaggare(vault.repo, pr.Handlaggare("Hanna Handläggare", "0123-44 44 44"))
    autosaver = Autosaver()
    f = ParticipantForm(vault.repo, autosaver, vault.repo.get_participant(participant.id))
    qtbot.addWidget(f)
    f.show()
    return f


def test_printing_from_the_participant_form_records_versions(form, vault, qtbot, tmp_path, monkeypatch):
    sent = []

    def fake_exec(dialog):
        qtbot.waitUntil(lambda: dialog.complete, timeout=20000)  # rendered off the UI thread
        dialog.print_button.click()
        return dialog.result()

    monkeypatch.setattr(printing, "QPrintDialog", AcceptingPrintDialog)
    monkeypatch.setattr(printing.PdfPreviewDialog, "exec", fake_exec)
    monkeypatch.setattr(printing, "uses_cups", lambda: True)
    monkeypatch.setattr(printing, "send_to_cups", lambda pdf, args: sent.append((pdf, args)))
    bar = form.print_bars[MEDGIVANDE]
    assert bar.print_button.text() == i18n._("Print the consent…") and bar.print_button.isEnabled()
    assert bar.state_label.text() == "Not printed yet"
    rec = bar.print_document()
    assert rec is not None and rec.version == 1
    (pdf, args), = sent
    assert args[:2] == ["-t", "medgivande-v1"]  # the printer queue sees no name
    text = squash(pdf_text(pdf))
    assert "Medgivande om informationsutbyte" in text and "Testa Testsson" in text and "Hanna Handläggare" in text
    log = pr.PrintLog(vault)
    med_id = participant_print_id(form.participant_id, MEDGIVANDE)
    assert log.latest(med_id).version == 1 and log.latest(med_id).kind == MEDGIVANDE
    assert "Printed as version 1" in bar.state_label.text()

    # an edit typed and not yet saved is saved first, then printed; the state says "changed" until then
    form.parties.boxes[1].setChecked(False)  # Försäkringskassan left out
    assert form.autosaver.flush()
    assert "Changed since printing" in bar.state_label.text()
    rec = bar.print_document()
    assert rec.version == 2 and "Försäkringskassan" not in squash(pdf_text(sent[-1][0]))
    assert log.snapshot(med_id, 1).document.parties != log.snapshot(med_id, 2).document.parties

    # the referral: Save as PDF, the chosen file only
    out = tmp_path / "chosen"
    out.mkdir()
    asked = []

    def ask(parent, title, start, filters):
        asked.append(start)
        return str(out / "anvisning"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    ref_bar = form.print_bars[REFERRAL]
    assert ref_bar.print_button.text() == i18n._("Print the referral…")
    path = ref_bar.save_pdf()
    assert path == out / "anvisning.pdf" and os.path.basename(asked[0]) == "anvisning-v1.pdf"
    assert "Arbetslivsinriktad rehabilitering" in squash(pdf_text(path.read_bytes()))
    ref_id = participant_print_id(form.participant_id, REFERRAL)
    assert log.latest(ref_id).version == 1
    assert ref_bar.print_button.shortcut().isEmpty() and bar.print_button.shortcut().isEmpty()  # Ctrl+P: Plans
    events = [e.detail for e in vault.audit.entries() if e.event == "participant.printed"]
    assert events == ["medgivande:v1", "medgivande:v2", "referral:v1"]


def test_a_closed_participants_papers_can_still_be_printed(form):
    form.set_read_only(True)  # after avslut
    assert form.fields["referral.af_handlaggare"].row.field.isReadOnly()
    for bar in form.print_bars.values():
        assert bar.print_button.isEnabled() and bar.pdf_button.isEnabled()
    form.set_read_only(False)
    assert not form.fields["referral.af_handlaggare"].row.field.isReadOnly()


def test_print_refused_while_a_printed_field_is_bad(form, vault, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("must not ask for a file"))
    edit = form.fields["referral.period_to"].row.field.line_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "2027-02-30")  # no such day
    assert form.print_bars[REFERRAL].save_pdf() is None
    assert warned and pr.PrintLog(vault).versions(participant_print_id(form.participant_id, REFERRAL)) == []


# ---- the withdrawal wherever information is shared -----------------------------------------------

def test_plan_editor_warns_and_the_plan_prints_the_withdrawal(qtbot, vault, participant, monkeypatch, tmp_path):
    i18n.set_language("en")
    monkeypatch.setattr(CarryOverDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    participant.consent = Consent(signed=date(2026, 10, 6))
    vault.repo.save_participant(participant)
    autosaver = Autosaver()
    editor = PlanEditor(vault.repo, participant.id, autosaver)
    qtbot.addWidget(editor)
    plan_id = editor.create_plan().id
    assert editor.consent_warning.isHidden()
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: (str(out / Path(start).name), filters))
    first = editor.print_bar.save_pdf()
    assert "återkallades" not in pdf_text(first.read_bytes())

    participant.consent.withdrawn = date(2027, 2, 15)  # withdrawn in the participant form meanwhile
    vault.repo.save_participant(participant)
    editor.reload(plan_id)
    assert not editor.consent_warning.isHidden()
    assert editor.consent_warning.text() == i18n._(
        "⚠ The participant WITHDREW the consent to exchange information on {date}. Information about "
        "the planning may not be shared between the authorities; the printed plan says so by the "
        "agreement.").format(date=format_day(date(2027, 2, 15)))
    assert editor.print_bar.changed  # the paper would now say more than the printed one
    second = editor.print_bar.save_pdf()
    text = squash(pdf_text(second.read_bytes()))
    assert "Medgivandet om informationsutbyte återkallades 15 februari 2027." in text
    log = pr.PrintLog(vault)
    assert log.latest(plan_id).version == 2 and log.snapshot(plan_id, 2).consent_withdrawn == date(2027, 2, 15)
    assert "Printed as version 2" in editor.print_bar.state_label.text() and not editor.print_bar.changed
    plan = vault.repo.get_document(plan_id)
    assert isinstance(plan, IndividuellPlan)
    assert pr.content_for(vault.repo, PLAN, plan).hash() == log.latest(plan_id).content_hash


# ---- the command line ---------------------------------------------------------------------------

@pytest.fixture
def closed_vault(vault, vault_path, participant, passphrase, monkeypatch):
    if "print_cmd" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "print_cmd"])
    participant.referral = samples.sample_referral()
    participant.consent = samples.sample_consent(withdrawn=True)
    vault.repo.save_participant(participant)
    vault.close()
    monkeypatch.setenv("KARTLAGGNING_PASSPHRASE", passphrase)
    return vault_path, participant


def run(*argv) -> int:
    return cli.main(["print", *map(str, argv)])


def test_cli_prints_both(closed_vault, tmp_path, passphrase, capsys):
    vault_path, participant = closed_vault
    pnr = participant.personnummer
    assert run("--vault", vault_path, "--participant", pnr, "--document", "referral", "--out", tmp_path / "r.pdf") == 0
    text = squash(pdf_text((tmp_path / "r.pdf").read_bytes()))
    assert "Uppgifter från Arbetsförmedlingen till Arbetsmarknadsenheten" in text and "Johan Berg" in text
    assert "Version 1" in text
    assert run("--vault", vault_path, "--participant", pnr, "--document", "medgivande",
               "--out", tmp_path / "m.pdf") == 0
    text = squash(pdf_text((tmp_path / "m.pdf").read_bytes()))
    assert "ÅTERKALLAT 15 februari 2027" in text and participant.namn in text
    # "aktualisering" is the same document: unchanged, the same version again
    assert run("--vault", vault_path, "--participant", pnr, "--document", "aktualisering",
               "--out", tmp_path / "a.pdf") == 0
    assert "version 1" in capsys.readouterr().out.splitlines()[-1]
    # --index / --date mean nothing for these
    assert run("--vault", vault_path, "--participant", pnr, "--document", "medgivande", "--index", "1",
               "--out", tmp_path / "x.pdf") != 0
    assert not (tmp_path / "x.pdf").exists()

    v = Vault.open(vault_path, passphrase)
    try:  # an edit makes version 2; --version 1 reproduces the first exactly
        p = v.repo.get_participant(participant.id)
        p.referral.af_handlaggare = "Ny Handläggare"
        v.repo.save_participant(p)
    finally:
        v.close()
    assert run("--vault", vault_path, "--participant", pnr, "--document", "referral", "--out", tmp_path / "r2.pdf") == 0
    assert "Ny Handläggare" in pdf_text((tmp_path / "r2.pdf").read_bytes())
    assert run("--vault", vault_path, "--participant", pnr, "--document", "referral", "--version", "1",
               "--out", tmp_path / "r1.pdf") == 0
    assert (tmp_path / "r1.pdf").read_bytes() == (tmp_path / "r.pdf").read_bytes()
    v = Vault.open(vault_path, passphrase)
    try:
        log = pr.PrintLog(v)
        assert [r.version for r in log.versions(participant_print_id(participant.id, REFERRAL))] == [1, 2]
        details = [e.detail for e in v.audit.entries() if e.event == "participant.printed"]
        assert details == ["referral:v1", "medgivande:v1", "referral:v1", "referral:v2", "referral:v1"]
        assert participant.namn not in json.dumps([e.detail for e in v.audit.entries()])
    finally:
        v.close()


def test_deleting_a_participant_takes_its_referral_and_medgivande_prints(vault, participant):
    vault.repo.save_participant(participant)
    for kind in (REFERRAL, MEDGIVANDE):
        job = print_service.prepare(vault.repo, print_service.participant_content(vault.repo, participant.id, kind))
        print_service.record(vault.repo, job)
    assert vault.conn.execute("SELECT count(*) FROM prints WHERE participant_id=?", (participant.id,)).fetchone() == (2,)
    with vault.transaction() as c:
        c.execute("DELETE FROM participants WHERE id=?", (participant.id,))
    assert vault.conn.execute("SELECT count(*) FROM prints").fetchone() == (0,)


def test_every_default_party_can_be_left_out(qtbot, vault, participant):
    participant.consent = Consent(signed=date(2026, 10, 6), parties=[])
    vault.repo.save_participant(participant)
    content = print_service.participant_content(vault.repo, participant.id, MEDGIVANDE)
    text = squash(pdf_text(print_service.prepare(vault.repo, content).render()))
    assert "Inga parter är valda." in text
    assert not any(party in text for party in DEFAULT_CONSENT_PARTIES if party != "Arbetsmarknadsenheten")
    assert copy.deepcopy(content).hash() == content.hash()


def test_the_longest_allowed_text_prints_whole():
    """20,000 characters of wording, 500-character fields and many parties: laid out in full,
    never a LayoutError, the signature lines whole on the last page."""
    long_word = "Lång text om informationsutbytet. " * 600  # ~20,000 characters
    person = dataclasses_replace(samples.sample_participant(), namn="N" * 200)
    consent = samples.sample_consent(withdrawn=True)
    consent.parties = [f"Part {i} " + "p" * 480 for i in range(30)]
    consent.withdrawn_note = "w " * 250
    pdf = medgivande_pdf(consent, person, HEADER, INFO, long_word[:20_000], handlaggare_namn="H" * 200)
    pages = [squash(page.extract_text()) for page in PdfReader(BytesIO(pdf)).pages]
    assert len(pages) > 3 and f"Sida {len(pages)} av {len(pages)}" in pages[-1]
    assert "Underskrift deltagare" in pages[-1] and "Underskrift handläggare" in pages[-1]
    assert all(f"Part {i} " in " ".join(pages) for i in range(30))
    ref = Referral(datum=date(2026, 1, 1), af_handlaggare="A" * 200, af_telefon="1" * 500, form=ReferralForm.ANNAT,
                   form_other="o " * 250, yrkesomrade="y " * 250, ersattning="e " * 250, omfattning_procent=100)
    text = squash(pdf_text(referral_pdf(ref, person, HEADER, INFO)))
    assert "Har sökande försörjningsstöd" in text and "100 %" in text
